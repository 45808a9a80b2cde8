import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import { applicableDimensions, defaultRubric, labelSchema, measurementLevel, parseRubricSpec, rubricSpecSchema, type Dimension } from "./rubric";

const rubric = defaultRubric();
const good = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none" };

describe("the default rubric", () => {
  it("is a valid rubric", () => {
    expect(() => parseRubricSpec(rubric)).not.toThrow();
  });

  it("asks for groundedness only when the output has context, and follow-ups only when their condition holds", () => {
    const keys = (values: object, hasContext: boolean) => applicableDimensions(rubric.dimensions, values, { hasContext }).map((d) => d.key);
    expect(keys(good, false)).not.toContain("groundedness");
    expect(keys(good, true)).toContain("groundedness");
    expect(keys(good, false)).not.toContain("policy_categories");
    expect(keys({ ...good, policy: "violation", harm: "harmful" }, false)).toEqual(expect.arrayContaining(["policy_categories", "harm_severity"]));
  });
});

describe("labelSchema", () => {
  it("accepts a complete label and drops empty optional text", () => {
    expect(labelSchema(rubric, { hasContext: false }).parse({ ...good, notes: "  " })).toEqual(good);
  });

  it("requires groundedness when the output has context", () => {
    const result = labelSchema(rubric, { hasContext: true }).safeParse(good);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join("."))).toEqual(["groundedness"]);
  });

  it("requires violation categories and a severity when their parent calls for them", () => {
    const result = labelSchema(rubric, { hasContext: false }).safeParse({ ...good, policy: "violation", harm: "near_miss" });
    expect(result.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["harm_severity", "policy_categories"]);
  });

  it("is built once per rubric and context, and a rubric's context still decides what is asked", () => {
    const own = defaultRubric();
    expect(labelSchema(own, { hasContext: false })).toBe(labelSchema(own, { hasContext: false }));
    expect(labelSchema(own, { hasContext: true })).not.toBe(labelSchema(own, { hasContext: false }));
    expect(labelSchema(defaultRubric(), { hasContext: false })).not.toBe(labelSchema(own, { hasContext: false }));
    expect(labelSchema(own, { hasContext: false }).safeParse(good).success).toBe(true);
    expect(labelSchema(own, { hasContext: true }).safeParse(good).success).toBe(false);
  });

  it("drops values of dimensions that do not apply", () => {
    const parsed = labelSchema(rubric, { hasContext: false }).parse({ ...good, harm_severity: "S1", groundedness: "grounded" });
    expect(parsed).toEqual(good);
  });

  it("names the field of a wrong value and refuses unknown dimensions", () => {
    const schema = labelSchema(rubric, { hasContext: false });
    const wrong = schema.safeParse({ ...good, tone: 7, factuality: "great", surprise: 1 });
    const fields = wrong.error!.issues.map((i) => i.path.join(".") || (i as { keys?: string[] }).keys?.join(","));
    expect(fields).toEqual(expect.arrayContaining(["tone", "factuality", "surprise"]));
    expect(schema.safeParse({ ...good, policy: "violation", policy_categories: ["other", "other"] }).success).toBe(false);
    expect(schema.safeParse({ ...good, policy: "violation", policy_categories: ["nonsense"] }).success).toBe(false);
  });

  it("works for rubrics with boolean and custom scale dimensions", () => {
    const custom = parseRubricSpec({
      dimensions: [
        { key: "escalated", label: "Escalated", kind: "boolean", required: true },
        { key: "helpfulness", label: "Helpfulness", kind: "scale", min: 0, max: 3, required: false },
      ],
    });
    const schema = labelSchema(custom, { hasContext: false });
    expect(schema.parse({ escalated: false, helpfulness: 0 })).toEqual({ escalated: false, helpfulness: 0 });
    expect(schema.safeParse({ helpfulness: 2 }).success).toBe(false);
    expect(schema.safeParse({ escalated: "yes" }).success).toBe(false);
  });
});

describe("parseRubricSpec", () => {
  const issues = (spec: unknown) => {
    try {
      parseRubricSpec(spec);
      return [];
    } catch (error) {
      return (error as ZodError).issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    }
  };
  it("refuses duplicate keys, too few options, inverted scales and dangling conditions", () => {
    expect(issues({ dimensions: [{ key: "a", label: "A", kind: "boolean" }, { key: "a", label: "A2", kind: "boolean" }] })[0]).toMatch(/dimensions.1.key: .*twice/);
    expect(issues({ dimensions: [{ key: "a", label: "A", kind: "categorical", options: [{ value: "x", label: "X" }] }] })[0]).toMatch(/options/);
    expect(issues({ dimensions: [{ key: "a", label: "A", kind: "scale", min: 5, max: 1 }] })[0]).toMatch(/dimensions.0.max/);
    expect(issues({ dimensions: [{ key: "a", label: "A", kind: "boolean", when: { key: "b", in: ["x"] } }] })[0]).toMatch(/when.key/);
    expect(issues({ dimensions: [{ key: "Bad Key", label: "A", kind: "boolean" }] })[0]).toMatch(/dimensions.0.key/);
    expect(issues({ dimensions: [{ key: "a", label: "A", kind: "emoji" }] })[0]).toMatch(/kind/);
  });
});

describe("what answers mean", () => {
  const issuesOf = (dimensions: unknown[]) => {
    const result = rubricSpecSchema.safeParse({ dimensions, guidelines: null });
    return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
  };
  const scale = { key: "tone", label: "Tone", kind: "scale", required: true, min: 1, max: 5 };

  it("defaults the level of measurement from the kind, and keeps a declared one", () => {
    const byKey = Object.fromEntries(rubric.dimensions.map((d) => [d.key, measurementLevel(d)]));
    expect(byKey).toMatchObject({ factuality: "ordinal", policy: "nominal", tone: "interval", policy_categories: "nominal" });
    expect(measurementLevel({ ...(scale as object), level: "ratio" } as Dimension)).toBe("ratio");
  });

  it("refuses tolerances and failure thresholds that make no sense, naming the field", () => {
    expect(issuesOf([{ ...scale, tolerance: 1, failureBelow: 3 }])).toEqual([]);
    expect(issuesOf([{ ...scale, tolerance: 4 }])).toEqual([expect.stringMatching(/^dimensions\.0\.tolerance: /)]);
    expect(issuesOf([{ ...scale, failureBelow: 1 }])).toEqual([expect.stringMatching(/^dimensions\.0\.failureBelow: /)]);
    const options = [{ value: "a", label: "A" }, { value: "b", label: "B" }];
    expect(issuesOf([{ key: "c", label: "C", kind: "categorical", options, tolerance: 1 }])).toEqual([expect.stringMatching(/^dimensions\.0\.tolerance: .*ordinal/)]);
    expect(issuesOf([{ key: "c", label: "C", kind: "categorical", options: [{ ...options[0], weight: -1, incident: "fire" }, options[1]] }])).toEqual([
      expect.stringMatching(/^dimensions\.0\.options\.0\.weight: /),
      expect.stringMatching(/^dimensions\.0\.options\.0\.incident: /),
    ]);
  });
});
