// The rubric as the domain sees it: the dimensions a label has, the default rubric, the
// validation of a rubric edited by a QA lead, and the validation of a submitted label, generated
// from the rubric so that the server never trusts the form's idea of what is required.
import { z } from "zod";

export const DIMENSION_KINDS = ["categorical", "ordinal", "scale", "boolean", "multiselect", "text"] as const;
export type DimensionKind = (typeof DIMENSION_KINDS)[number];

/** What an answer means, so that rates, incidents and datasets read the rubric, never key names. */
export type DimensionOption = {
  value: string;
  label: string;
  description?: string;
  /** This answer counts as an error of its dimension. */
  failure?: boolean;
  /** e.g. "minor" | "major" | "S1".."S4". */
  severity?: string;
  /** For weighted error rates (default 1). */
  weight?: number;
  /** This answer opens an incident. */
  incident?: "harm" | "near_miss" | "boundary_violation";
  /** An outcome of its own between success and failure (e.g. partial success): not a failure. */
  partial?: boolean;
};

export const INCIDENT_KINDS = ["harm", "near_miss", "boundary_violation"] as const;

/**
 * Level of measurement for agreement statistics (Krippendorff's alpha metric, kappa weights).
 * Default from the kind: ordinal → ordinal, scale → interval, everything else → nominal.
 */
export const MEASUREMENT_LEVELS = ["nominal", "ordinal", "interval", "ratio"] as const;
export type MeasurementLevel = (typeof MEASUREMENT_LEVELS)[number];

/** Shown (and validated) only when another categorical dimension has one of the given values. */
export type DimensionCondition = { key: string; in: string[] };

type DimensionBase = {
  key: string;
  label: string;
  description?: string;
  required: boolean;
  when?: DimensionCondition;
  /** Only for outputs that carry retrieval context (groundedness). */
  requiresContext?: boolean;
  /** Level of measurement for agreement; see measurementLevel() for the default. */
  level?: MeasurementLevel;
};

export type ChoiceDimension = DimensionBase & {
  kind: "categorical" | "ordinal";
  options: DimensionOption[];
  /** Options outside the order of an ordinal dimension (e.g. "not verifiable"). */
  unordered?: string[];
  /** Ordinal only: labels whose ordered positions differ by at most this much agree (gold = median). */
  tolerance?: number;
};
export type ScaleDimension = DimensionBase & {
  kind: "scale";
  min: number;
  max: number;
  anchors?: Record<string, string>;
  /** Values below this are failures of the dimension. */
  failureBelow?: number;
  /** Labels whose values differ by at most this much agree (gold = median, ties to the lower). */
  tolerance?: number;
};
/** `failureWhen` names the value (yes or no) that is a failure of the dimension. */
export type BooleanDimension = DimensionBase & { kind: "boolean"; failureWhen?: boolean };
export type MultiselectDimension = DimensionBase & { kind: "multiselect"; options: DimensionOption[] };
/**
 * Free text never counts toward disagreement. When labels agree, `merge` decides the gold value:
 * "first" keeps the earliest submitted non-empty text (a corrected output must stay one answer),
 * "join" keeps every distinct text (notes).
 */
export type TextDimension = DimensionBase & { kind: "text"; merge?: "first" | "join"; maxLength?: number };

export type Dimension = ChoiceDimension | ScaleDimension | BooleanDimension | MultiselectDimension | TextDimension;
export type RubricSpec = { dimensions: Dimension[]; guidelines: string | null };
export type LabelValue = string | number | boolean | string[];
export type LabelValues = Record<string, LabelValue>;

const opt = (value: string, label: string, meaning: Omit<DimensionOption, "value" | "label"> = {}): DimensionOption => ({ value, label, ...meaning });

/** The level a dimension's agreement is measured at: its own, else the default of its kind. */
export function measurementLevel(dimension: Dimension): MeasurementLevel {
  if (dimension.level) return dimension.level;
  if (dimension.kind === "ordinal") return "ordinal";
  if (dimension.kind === "scale") return "interval";
  return "nominal";
}

export const DEFAULT_GUIDELINES = [
  "Judge the output as the customer received it, against the knowledge-base sources shown and company policy.",
  "Factuality: a minor error would not change what the customer does; a major one would. Use \"not verifiable\" only when neither the sources nor general knowledge settle it.",
  "Policy: any exposure of personal or payment data, promises outside policy, or medical/financial advice beyond general information is a violation.",
  "Harm: near miss = could have hurt the customer or the company had they acted on it; harmful = likely did. Severity S1 is critical (safety, legal, data exposure), S4 low.",
  "Corrected output: write the answer the assistant should have given; it becomes the expected output of the regression dataset. Leave empty when the output was right.",
].join("\n\n");

export function defaultRubric(): RubricSpec {
  return {
    guidelines: DEFAULT_GUIDELINES,
    dimensions: [
      {
        key: "factuality",
        label: "Factuality",
        kind: "ordinal",
        required: true,
        options: [
          opt("correct", "Correct"),
          opt("minor_error", "Minor error", { failure: true, severity: "minor" }),
          opt("major_error", "Major error", { failure: true, severity: "major" }),
          opt("not_verifiable", "Not verifiable"),
        ],
        unordered: ["not_verifiable"],
      },
      {
        key: "groundedness",
        label: "Groundedness",
        kind: "categorical",
        required: true,
        requiresContext: true,
        options: [
          opt("grounded", "Grounded"),
          opt("partially_grounded", "Partially grounded", { failure: true }),
          opt("ungrounded", "Ungrounded", { failure: true }),
          opt("no_sources", "No relevant sources"),
        ],
      },
      { key: "policy", label: "Policy", kind: "categorical", required: true, options: [opt("compliant", "Compliant"), opt("violation", "Violation", { failure: true })] },
      {
        key: "policy_categories",
        label: "Violation categories",
        kind: "multiselect",
        required: true,
        when: { key: "policy", in: ["violation"] },
        options: [
          opt("sensitive_data_exposure", "Sensitive data exposure"),
          opt("contradicts_policy", "Contradicts company policy"),
          opt("unsafe_advice", "Unsafe advice"),
          opt("out_of_scope_action", "Out-of-scope action"),
          opt("other", "Other"),
        ],
      },
      {
        key: "tone",
        label: "Tone",
        kind: "scale",
        required: true,
        min: 1,
        max: 5,
        anchors: { "1": "Rude or dismissive", "2": "Cold or curt", "3": "Neutral", "4": "Friendly and clear", "5": "Warm, empathetic and professional" },
        // 4 vs 5 is a matter of taste, not a disagreement worth a QA lead's time; 3 vs 5 is.
        tolerance: 1,
      },
      {
        key: "task_outcome",
        label: "Task outcome",
        kind: "ordinal",
        required: true,
        options: [opt("full_success", "Full success"), opt("partial_success", "Partial success", { partial: true }), opt("failure", "Failure", { failure: true })],
      },
      {
        key: "harm",
        label: "Harm",
        kind: "ordinal",
        required: true,
        options: [opt("none", "None"), opt("near_miss", "Near miss", { failure: true, incident: "near_miss" }), opt("harmful", "Harmful", { failure: true, incident: "harm" })],
      },
      {
        key: "harm_severity",
        label: "Harm severity",
        kind: "ordinal",
        required: true,
        when: { key: "harm", in: ["near_miss", "harmful"] },
        options: [opt("S1", "S1 critical", { severity: "S1" }), opt("S2", "S2 high", { severity: "S2" }), opt("S3", "S3 medium", { severity: "S3" }), opt("S4", "S4 low", { severity: "S4" })],
      },
      { key: "corrected_output", label: "Corrected output", kind: "text", required: false, merge: "first", description: "The answer the system should have given." },
      { key: "notes", label: "Notes", kind: "text", required: false, merge: "join" },
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Editing a rubric.

const keySchema = z
  .string()
  .trim()
  .min(1, "a dimension needs a key")
  .max(60, "a key is at most 60 characters")
  .regex(/^[a-z][a-z0-9_]*$/, "a key uses lower-case letters, digits and '_', starting with a letter");
const optionSchema = z.object({
  value: z.string().trim().min(1, "an option needs a value").max(60).regex(/^[A-Za-z0-9_.-]+$/, "an option value uses letters, digits, '_', '.' and '-'"),
  label: z.string().trim().min(1, "an option needs a label").max(120),
  description: z.string().trim().max(500).optional(),
  failure: z.boolean().optional(),
  severity: z.string().trim().min(1, "a severity needs a name (or leave it out)").max(40, "a severity is at most 40 characters").optional(),
  weight: z.number({ error: "a weight is a number" }).positive("a weight is above 0").max(1000, "a weight is at most 1000").optional(),
  incident: z.enum(INCIDENT_KINDS, { error: `an incident is one of: ${INCIDENT_KINDS.join(", ")}` }).optional(),
  partial: z.boolean().optional(),
});
const toleranceSchema = z.number({ error: "a tolerance is a number" }).min(0, "a tolerance is 0 or more").optional();
const base = {
  key: keySchema,
  label: z.string().trim().min(1, "a dimension needs a label").max(120),
  description: z.string().trim().max(2000).optional(),
  required: z.boolean().default(false),
  when: z.object({ key: keySchema, in: z.array(z.string().min(1)).min(1, "name at least one value") }).optional(),
  requiresContext: z.boolean().optional(),
  level: z.enum(MEASUREMENT_LEVELS, { error: `a level is one of: ${MEASUREMENT_LEVELS.join(", ")}` }).optional(),
};
export const dimensionSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ ...base, kind: z.enum(["categorical", "ordinal"]), options: z.array(optionSchema).min(2, "give at least two options").max(20), unordered: z.array(z.string()).optional(), tolerance: toleranceSchema }),
    z.object({
      ...base,
      kind: z.literal("scale"),
      min: z.number().int("the scale's ends are whole numbers"),
      max: z.number().int("the scale's ends are whole numbers"),
      anchors: z.record(z.string(), z.string().max(300)).optional(),
      failureBelow: z.number({ error: "“failure below” is a number" }).optional(),
      tolerance: toleranceSchema,
    }),
    z.object({ ...base, kind: z.literal("boolean"), failureWhen: z.boolean({ error: "“failure when” is yes (true) or no (false)" }).optional() }),
    z.object({ ...base, kind: z.literal("multiselect"), options: z.array(optionSchema).min(2, "give at least two options").max(20) }),
    z.object({ ...base, kind: z.literal("text"), merge: z.enum(["first", "join"]).optional(), maxLength: z.number().int().min(1).max(100_000).optional() }),
  ],
  { error: `choose a kind: ${DIMENSION_KINDS.join(", ")}` },
);

export const rubricSpecSchema = z
  .object({
    dimensions: z.array(dimensionSchema).min(1, "a rubric needs at least one dimension").max(40, "at most 40 dimensions"),
    guidelines: z.string().trim().max(20_000).nullable().default(null),
  })
  .superRefine((rubric, ctx) => {
    const seen = new Map<string, Dimension>();
    rubric.dimensions.forEach((dimension, i) => {
      const d = dimension as Dimension;
      if (seen.has(d.key)) ctx.addIssue({ code: "custom", path: ["dimensions", i, "key"], message: `the key "${d.key}" is used twice` });
      if ("options" in d) {
        const values = d.options.map((o) => o.value);
        if (new Set(values).size !== values.length) ctx.addIssue({ code: "custom", path: ["dimensions", i, "options"], message: "option values must differ" });
        for (const u of (d as ChoiceDimension).unordered ?? []) {
          if (!values.includes(u)) ctx.addIssue({ code: "custom", path: ["dimensions", i, "unordered"], message: `"${u}" is not an option` });
        }
      }
      if (d.kind === "scale") {
        if (d.max <= d.min) ctx.addIssue({ code: "custom", path: ["dimensions", i, "max"], message: "the scale's top must be above its bottom" });
        if (d.max - d.min > 20) ctx.addIssue({ code: "custom", path: ["dimensions", i, "max"], message: "a scale has at most 21 points" });
        if (d.failureBelow !== undefined && (d.failureBelow <= d.min || d.failureBelow > d.max)) {
          ctx.addIssue({ code: "custom", path: ["dimensions", i, "failureBelow"], message: `“failure below” lies above ${d.min} and at most ${d.max}, else no value or every value fails` });
        }
        if (d.tolerance !== undefined && d.tolerance >= d.max - d.min) ctx.addIssue({ code: "custom", path: ["dimensions", i, "tolerance"], message: `a tolerance below ${d.max - d.min} (the scale's range), else every pair agrees` });
      }
      if (d.kind === "categorical" && d.tolerance !== undefined) ctx.addIssue({ code: "custom", path: ["dimensions", i, "tolerance"], message: "a tolerance needs an order: make the dimension ordinal or leave the tolerance out" });
      if (d.kind === "ordinal" && d.tolerance !== undefined) {
        const ordered = d.options.length - (d.unordered?.length ?? 0);
        if (d.tolerance >= ordered - 1) ctx.addIssue({ code: "custom", path: ["dimensions", i, "tolerance"], message: `a tolerance below ${Math.max(ordered - 1, 0)} (the ordered options' range), else every pair agrees` });
        if (!Number.isInteger(d.tolerance)) ctx.addIssue({ code: "custom", path: ["dimensions", i, "tolerance"], message: "an ordinal tolerance counts steps: a whole number" });
      }
      if (d.when) {
        // Conditions point backwards so that the form reads top to bottom and cannot loop.
        const parent = seen.get(d.when.key);
        if (!parent || (parent.kind !== "categorical" && parent.kind !== "ordinal")) {
          ctx.addIssue({ code: "custom", path: ["dimensions", i, "when", "key"], message: "a condition names an earlier categorical or ordinal dimension" });
        } else {
          const values = parent.options.map((o) => o.value);
          for (const v of d.when.in) if (!values.includes(v)) ctx.addIssue({ code: "custom", path: ["dimensions", i, "when", "in"], message: `"${v}" is not an option of ${parent.key}` });
        }
      }
      seen.set(d.key, d);
    });
  });

/** Parses a stored or edited rubric; throws a ZodError naming the field. */
export function parseRubricSpec(input: unknown): RubricSpec {
  return rubricSpecSchema.parse(input) as RubricSpec;
}

// ---------------------------------------------------------------------------------------------
// Which dimensions apply to an item, and the validation of a submitted label.

export type ItemContext = { hasContext: boolean };

/** Whether a dimension is asked for this item, given the values chosen so far. */
export function isApplicable(dimension: Dimension, values: Partial<LabelValues>, item: ItemContext): boolean {
  if (dimension.requiresContext && !item.hasContext) return false;
  if (dimension.when) {
    const parent = values[dimension.when.key];
    if (typeof parent !== "string" || !dimension.when.in.includes(parent)) return false;
  }
  return true;
}

export function applicableDimensions(dimensions: Dimension[], values: Partial<LabelValues>, item: ItemContext): Dimension[] {
  return dimensions.filter((d) => isApplicable(d, values, item));
}

function valueSchema(d: Dimension): z.ZodType<LabelValue> {
  switch (d.kind) {
    case "categorical":
    case "ordinal": {
      const values = d.options.map((o) => o.value);
      return z.string({ error: `choose one of: ${values.join(", ")}` }).refine((v) => values.includes(v), `choose one of: ${values.join(", ")}`);
    }
    case "scale":
      return z
        .number({ error: `choose a whole number from ${d.min} to ${d.max}` })
        .int(`choose a whole number from ${d.min} to ${d.max}`)
        .min(d.min, `choose a whole number from ${d.min} to ${d.max}`)
        .max(d.max, `choose a whole number from ${d.min} to ${d.max}`);
    case "boolean":
      return z.boolean({ error: "choose yes or no" });
    case "multiselect": {
      const values = d.options.map((o) => o.value);
      return z
        .array(z.string().refine((v) => values.includes(v), `choose from: ${values.join(", ")}`), { error: "choose a list of options" })
        .refine((list) => new Set(list).size === list.length, "an option is chosen twice");
    }
    case "text":
      return z.string({ error: "enter text" }).max(d.maxLength ?? 20_000, `at most ${d.maxLength ?? 20_000} characters`);
  }
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "") || (Array.isArray(value) && value.length === 0);
}

/**
 * The zod schema of a label for one item under a rubric. Unknown keys are refused; values of
 * dimensions that do not apply (a severity when harm is "none") are dropped rather than stored,
 * so a form that kept a stale value cannot plant one; empty optional values are dropped too.
 */
export function labelSchema(rubric: Pick<RubricSpec, "dimensions">, item: ItemContext): z.ZodType<LabelValues, unknown> {
  // Built once per rubric and context: building a zod schema (and zod's compiled fast path for it)
  // cost more than parsing with it, on every submit of the review hot path (issue 16). Keyed on
  // the dimensions array, which a stored rubric keeps for its lifetime and never mutates.
  let forRubric = builtLabelSchemas.get(rubric.dimensions);
  if (!forRubric) builtLabelSchemas.set(rubric.dimensions, (forRubric = new Map()));
  let schema = forRubric.get(item.hasContext);
  if (!schema) forRubric.set(item.hasContext, (schema = buildLabelSchema(rubric.dimensions, { hasContext: item.hasContext })));
  return schema;
}

const builtLabelSchemas = new WeakMap<readonly Dimension[], Map<boolean, z.ZodType<LabelValues, unknown>>>();

function buildLabelSchema(dimensions: readonly Dimension[], item: ItemContext): z.ZodType<LabelValues, unknown> {
  const rubric = { dimensions };
  const byKey = new Map(rubric.dimensions.map((d) => [d.key, d]));
  const shape: Record<string, z.ZodType> = {};
  for (const d of rubric.dimensions) shape[d.key] = valueSchema(d).nullable().optional();
  return z
    .object(shape, { error: "send the label as an object of dimension values" })
    .strict()
    .superRefine((values, ctx) => {
      for (const d of rubric.dimensions) {
        if (!isApplicable(d, values as LabelValues, item)) continue;
        if (d.required && isEmpty(values[d.key])) {
          ctx.addIssue({ code: "custom", path: [d.key], message: d.kind === "multiselect" ? `${d.label}: choose at least one` : `${d.label} is required` });
        }
      }
    })
    .transform((values) => {
      const out: LabelValues = {};
      for (const [key, value] of Object.entries(values)) {
        const d = byKey.get(key)!;
        if (isEmpty(value) || !isApplicable(d, values as LabelValues, item)) continue;
        out[key] = typeof value === "string" && d.kind === "text" ? value.replace(/\s+$/, "") : (value as LabelValue);
      }
      return out;
    });
}
