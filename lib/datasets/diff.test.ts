import { describe, expect, it } from "vitest";
import { diffRows, diffVersions } from "./diff";
import { asAsync, exampleRow } from "./test-rows";

describe("version diff", () => {
  it("lists added, removed and changed rows with the dimensions that changed, old -> new", async () => {
    const before = [exampleRow({ output_id: "a" }), exampleRow({ output_id: "b" }), exampleRow({ output_id: "c" })];
    const after = [
      exampleRow({ output_id: "b", gold: { ...exampleRow().gold!, factuality: "correct", tone: 5 }, expected: null }),
      exampleRow({ output_id: "c" }),
      exampleRow({ output_id: "d" }),
    ];
    const diff = await diffVersions(asAsync(before), asAsync(after));
    expect(diff.added).toEqual(["d"]);
    expect(diff.removed).toEqual(["a"]);
    expect(diff.changed).toEqual([
      { outputId: "b", dimensions: [{ key: "factuality", from: "major_error", to: "correct" }, { key: "tone", from: 4, to: 5 }], fields: ["expected"] },
    ]);
    expect(diff.counts).toEqual({ added: 1, removed: 1, changed: 1, unchanged: 1 });
  });

  it("finds nothing between equal rows and caps the lists but not the counts", async () => {
    expect(diffRows(exampleRow(), exampleRow())).toBeNull();
    const many = Array.from({ length: 20 }, (_, i) => exampleRow({ output_id: `r${String(i).padStart(2, "0")}` }));
    const diff = await diffVersions(asAsync([]), asAsync(many), 5);
    expect(diff.added).toHaveLength(5);
    expect(diff.counts.added).toBe(20);
  });

  it("reports a gold label that appeared", async () => {
    const diff = await diffVersions(asAsync([exampleRow({ gold: null })]), asAsync([exampleRow()]));
    expect(diff.changed[0].dimensions.map((d) => d.key)).toEqual(["corrected_output", "escalated", "factuality", "policy_categories", "tone"]);
    expect(diff.changed[0].dimensions[2]).toEqual({ key: "factuality", from: null, to: "major_error" });
  });
});
