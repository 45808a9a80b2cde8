import { describe, expect, it } from "vitest";
import { clearDraft, pushHistory, readCurrentAssignment, readDraft, readHistory, writeCurrentAssignment, writeDraft, type DraftStorage } from "./drafts";

function memoryStorage(options: { refuseWrites?: boolean } = {}): DraftStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => {
      if (options.refuseWrites) throw new DOMException("full", "QuotaExceededError");
      map.set(key, value);
    },
    removeItem: (key) => void map.delete(key),
  };
}

describe("label drafts", () => {
  it("keeps values per assignment and project, and restores them", () => {
    const storage = memoryStorage();
    expect(writeDraft(storage, "p", "a1", { factuality: "correct", tone: 4, policy_categories: ["other"] })).toBe(true);
    writeDraft(storage, "p", "a2", { factuality: "major_error" });
    writeDraft(storage, "q", "a1", { factuality: "minor_error" });
    expect(readDraft(storage, "p", "a1")).toEqual({ factuality: "correct", tone: 4, policy_categories: ["other"] });
    expect(readDraft(storage, "p", "a2")).toEqual({ factuality: "major_error" });
    expect(readDraft(storage, "q", "a1")).toEqual({ factuality: "minor_error" });
    expect(readDraft(storage, "p", "a3")).toBeNull();
  });

  it("removes a draft when its values are emptied or it is cleared", () => {
    const storage = memoryStorage();
    writeDraft(storage, "p", "a1", { tone: 2 });
    writeDraft(storage, "p", "a1", {});
    expect(readDraft(storage, "p", "a1")).toBeNull();
    writeDraft(storage, "p", "a1", { tone: 2 });
    clearDraft(storage, "p", "a1");
    expect(storage.map.size).toBe(0);
  });

  it("reads unreadable or foreign contents as no draft, and survives a storage that refuses writes", () => {
    const storage = memoryStorage();
    storage.map.set("assay:review:p:draft:a1", "{not json");
    storage.map.set("assay:review:p:draft:a2", "[1,2]");
    storage.map.set("assay:review:p:draft:a3", "{}");
    for (const id of ["a1", "a2", "a3"]) expect(readDraft(storage, "p", id)).toBeNull();
    const full = memoryStorage({ refuseWrites: true });
    expect(writeDraft(full, "p", "a1", { tone: 1 })).toBe(false);
    expect(() => pushHistory(full, "p", { labelId: "l1", externalId: "x" })).not.toThrow();
  });

  it("remembers the assignment on screen", () => {
    const storage = memoryStorage();
    expect(readCurrentAssignment(storage, "p")).toBeNull();
    writeCurrentAssignment(storage, "p", "a7");
    expect(readCurrentAssignment(storage, "p")).toBe("a7");
    writeCurrentAssignment(storage, "p", null);
    expect(readCurrentAssignment(storage, "p")).toBeNull();
  });

  it("lists submitted labels newest first, once each, at most 50", () => {
    const storage = memoryStorage();
    for (let i = 1; i <= 55; i++) pushHistory(storage, "p", { labelId: `l${i}`, externalId: `out-${i}` });
    const list = pushHistory(storage, "p", { labelId: "l50", externalId: "out-50" });
    expect(list).toHaveLength(50);
    expect(list.slice(0, 3).map((e) => e.labelId)).toEqual(["l50", "l55", "l54"]);
    expect(readHistory(storage, "p")).toEqual(list);
    storage.map.set("assay:review:p:history", JSON.stringify([{ labelId: 1 }, { labelId: "l1", externalId: "o" }]));
    expect(readHistory(storage, "p")).toEqual([{ labelId: "l1", externalId: "o" }]);
  });
});
