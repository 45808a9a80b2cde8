import { describe, expect, it } from "vitest";
import { defaultRubric, rubricSpecSchema } from "./rubric";
import {
  carrySavedKeys,
  changeKind,
  describeIssueField,
  dimensionToDraft,
  draftToSpec,
  issuesByDimension,
  keyWarnings,
  moveItem,
  newDimension,
  renameDimension,
  scalePoints,
  specToDraft,
  updateDimension,
  updateOption,
  type DimensionDraft,
  type RubricDraft,
} from "./rubric-draft";

const rubric = defaultRubric();
const index = (key: string) => rubric.dimensions.findIndex((d) => d.key === key);

describe("draft round trip", () => {
  it("gives back the default rubric unchanged", () => {
    const spec = draftToSpec(specToDraft(rubric));
    expect(rubricSpecSchema.parse(spec)).toEqual(rubric);
  });

  it("carries what answers mean: option flags, failureWhen, failureBelow, level and tolerance", () => {
    const dimensions = [
      { key: "answered", label: "Answered", kind: "boolean", required: true, failureWhen: false, level: "nominal" },
      { key: "clarity", label: "Clarity", kind: "scale", required: true, min: 1, max: 7, failureBelow: 3, tolerance: 1, level: "ratio" },
      { key: "risk", label: "Risk", kind: "ordinal", required: true, tolerance: 1, options: [
        { value: "low", label: "Low" },
        { value: "mid", label: "Mid", partial: true, weight: 0.5 },
        { value: "high", label: "High", failure: true, severity: "S2", weight: 2, incident: "boundary_violation" },
      ] },
    ];
    const spec = draftToSpec(specToDraft({ dimensions: dimensions as never, guidelines: null }));
    expect(rubricSpecSchema.parse(spec).dimensions).toEqual(dimensions);
  });

  it("marks every saved dimension with its saved key and new ones with none", () => {
    const draft = specToDraft(rubric);
    expect(draft.dimensions.map((d) => d.savedKey)).toEqual(rubric.dimensions.map((d) => d.key));
    expect(newDimension().savedKey).toBeNull();
  });

  it("sends only the fields of the chosen kind", () => {
    let draft = specToDraft(rubric);
    draft = changeKind(draft, index("factuality"), "boolean");
    const factuality = draftToSpec(draft).dimensions[index("factuality")];
    expect(factuality).toEqual({ key: "factuality", label: "Factuality", kind: "boolean", required: true });
    // Switching back restores the options and the unordered mark.
    draft = changeKind(draft, index("factuality"), "ordinal");
    expect(draftToSpec(draft).dimensions[index("factuality")]).toEqual(rubric.dimensions[index("factuality")]);
  });

  it("gives a new choice dimension two empty options and keeps anchors only inside the scale", () => {
    let draft: RubricDraft = { dimensions: [{ ...newDimension(), key: "flag", label: "Flag", options: [] }], guidelines: "" };
    draft = changeKind(draft, 0, "multiselect");
    expect(draft.dimensions[0].options).toHaveLength(2);
    draft = changeKind(draft, 0, "scale");
    draft = updateDimension(draft, 0, { min: "1", max: "3", anchors: { "1": "low", "3": "high", "7": "stale", "2": " " } });
    expect(draftToSpec(draft).dimensions[0]).toMatchObject({ kind: "scale", min: 1, max: 3, anchors: { "1": "low", "3": "high" } });
  });

  it("passes a non-number as typed so that the server names the field", () => {
    const draft = { dimensions: [{ ...newDimension(), key: "s", label: "S", kind: "scale" as const, min: "one", max: "5" }], guidelines: " " };
    const spec = draftToSpec(draft);
    expect(spec.guidelines).toBeNull();
    const result = rubricSpecSchema.safeParse(spec);
    expect(result.error?.issues.map((i) => i.path.join("."))).toEqual(["dimensions.0.min"]);
  });

  it("reads JSON of the wrong shape into empty fields instead of failing", () => {
    const d = dimensionToDraft({ key: 3, kind: "nonsense", options: "x", when: { key: "a" } }, new Set());
    expect(d).toMatchObject({ key: "3", kind: "categorical", options: [], whenKey: "a", whenIn: [] });
  });
});

describe("edits", () => {
  it("moves an item up or down and ignores moves past the ends", () => {
    expect(moveItem(["a", "b", "c"], 1, -1)).toEqual(["b", "a", "c"]);
    expect(moveItem(["a", "b", "c"], 1, 1)).toEqual(["a", "c", "b"]);
    expect(moveItem(["a", "b", "c"], 0, -1)).toEqual(["a", "b", "c"]);
    expect(moveItem(["a", "b", "c"], 2, 1)).toEqual(["a", "b", "c"]);
  });

  it("keeps conditions pointing at a renamed key and a renamed option value", () => {
    let draft = specToDraft(rubric);
    draft = renameDimension(draft, index("harm"), "harm_level");
    const severity = draft.dimensions[index("harm_severity")];
    expect(severity.whenKey).toBe("harm_level");
    const nearMiss = draft.dimensions[index("harm")].options.findIndex((o) => o.value === "near_miss");
    draft = updateOption(draft, index("harm"), nearMiss, { value: "close_call" });
    expect(draft.dimensions[index("harm_severity")].whenIn).toEqual(["close_call", "harmful"]);
    expect(() => rubricSpecSchema.parse(draftToSpec(draft))).not.toThrow();
  });

  it("lists the points of a valid scale only", () => {
    expect(scalePoints({ min: "1", max: "3" })).toEqual([1, 2, 3]);
    expect(scalePoints({ min: "", max: "3" })).toEqual([]);
    expect(scalePoints({ min: "0", max: "30" })).toEqual([]);
  });
});

describe("keyWarnings", () => {
  it("warns of renamed and removed saved keys with their label counts, not of new ones", () => {
    let draft = specToDraft(rubric);
    draft = renameDimension(draft, index("tone"), "tone_of_voice");
    draft = { ...draft, dimensions: [...draft.dimensions.filter((d) => d.key !== "notes"), { ...newDimension(), key: "escalated" }] };
    expect(keyWarnings(rubric.dimensions.map((d) => d.key), draft, { tone: 12, notes: 3 })).toEqual([
      { type: "renamed", from: "tone", to: "tone_of_voice", labels: 12 },
      { type: "removed", key: "notes", labels: 3 },
    ]);
  });

  it("does not warn when a removed key comes back on another dimension", () => {
    const draft = specToDraft({ ...rubric, dimensions: rubric.dimensions.filter((d) => d.key !== "notes") });
    draft.dimensions.push(dimensionToDraft({ key: "notes", label: "Notes", kind: "text" }, new Set()));
    expect(keyWarnings(rubric.dimensions.map((d) => d.key), draft, {})).toEqual([]);
  });
});

describe("issuesByDimension", () => {
  it("puts each issue on its dimension and keeps the rest general", () => {
    const { general, byIndex } = issuesByDimension([
      { field: "dimensions.3.options", message: "option values must differ" },
      { field: "dimensions.3.options.1.value", message: "an option needs a value" },
      { field: "dimensions.0", message: "choose a kind" },
      { field: "dimensions", message: "not valid JSON" },
      { field: "guidelines", message: "too long" },
    ]);
    expect(general.map((i) => i.field)).toEqual(["dimensions", "guidelines"]);
    expect(byIndex.get(3)).toEqual([
      { field: "options", message: "option values must differ" },
      { field: "options.1.value", message: "an option needs a value" },
    ]);
    expect(byIndex.get(0)).toEqual([{ field: "", message: "choose a kind" }]);
  });

  it("describes a path in words", () => {
    expect(describeIssueField("options.1.value")).toBe("option 2 value");
    expect(describeIssueField("when.in")).toBe("condition values");
    expect(describeIssueField("")).toBe("dimension");
  });
});

describe("carrySavedKeys", () => {
  const saved = specToDraft(defaultRubric());
  const savedKeys = new Set(saved.dimensions.map((d) => d.key));
  const throughJson = (dimensions: DimensionDraft[]) => draftToSpec({ ...saved, dimensions }).dimensions.map((d) => dimensionToDraft(d, savedKeys));

  it("keeps a rename made before the JSON round trip", () => {
    const renamed = saved.dimensions.map((d) => (d.key === "tone" ? { ...d, key: "tone_of_voice" } : d));
    const back = throughJson(renamed);
    expect(back.find((d) => d.key === "tone_of_voice")!.savedKey).toBeNull();
    const carried = carrySavedKeys(renamed, back);
    expect(carried.find((d) => d.key === "tone_of_voice")!.savedKey).toBe("tone");
    expect(keyWarnings([...savedKeys], { ...saved, dimensions: carried }, { tone: 7 })).toEqual([{ type: "renamed", from: "tone", to: "tone_of_voice", labels: 7 }]);
  });

  it("does not invent a rename for a new dimension or a key still present", () => {
    const added = [...saved.dimensions, { ...saved.dimensions[0], id: "new", savedKey: null, key: "extra" }];
    expect(carrySavedKeys(saved.dimensions, throughJson(added)).at(-1)!.savedKey).toBeNull();
    // The dimension at the old position now has another saved key's name: nothing is carried.
    const swapped = throughJson([saved.dimensions[1], saved.dimensions[0], ...saved.dimensions.slice(2)]);
    expect(carrySavedKeys(saved.dimensions, swapped).map((d) => d.savedKey)).toEqual(swapped.map((d) => d.key));
  });
});
