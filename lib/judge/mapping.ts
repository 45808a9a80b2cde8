// What an automated judge's signal means (issue 14 §5): a QA lead maps a signal the outputs carry
// (e.g. an LLM judge's `llm_judge_score`) to one rubric dimension, either as a numeric threshold
// ("a score below 0.5 is a failure of factuality") or, for a categorical signal, each of its values
// to one of the dimension's options. The mapping is data (project settings), never a key name in
// code; comparisons with gold and the judge-assisted estimates both read it from here.
import { z } from "zod";
import { dimensionCanCarryFailure, valueIsFailure } from "@/lib/review/error-outcome";
import type { Dimension } from "@/lib/review/rubric";

export type NumericJudgeMapping = {
  signal: string;
  dimension: string;
  kind: "numeric";
  /** A score strictly below (failureWhen "below") or strictly above ("above") this is a failure. */
  threshold: number;
  failureWhen: "below" | "above";
};

export type CategoricalJudgeMapping = {
  signal: string;
  dimension: string;
  kind: "categorical";
  /** Signal value (as text) → the dimension option it means. Values not listed mean nothing. */
  values: Record<string, string>;
};

export type JudgeMapping = NumericJudgeMapping | CategoricalJudgeMapping;

/** A judge's verdict on one output: the dimension option it means (categorical), and whether that is a failure. */
export type JudgeVerdict = { failure: boolean; option: string | null; score: number | null };

const SIGNAL_NAME = /^[A-Za-z0-9_.:-]{1,100}$/;

const mappingSchema = z.discriminatedUnion("kind", [
  z.object({
    signal: z.string().trim().regex(SIGNAL_NAME, "a signal name: letters, digits, _ . : - (at most 100)"),
    dimension: z.string().trim().min(1, "choose a dimension"),
    kind: z.literal("numeric"),
    threshold: z.number({ error: "the threshold is a number" }).finite("the threshold is a finite number"),
    failureWhen: z.enum(["below", "above"], "a failure is a score below or above the threshold"),
  }),
  z.object({
    signal: z.string().trim().regex(SIGNAL_NAME, "a signal name: letters, digits, _ . : - (at most 100)"),
    dimension: z.string().trim().min(1, "choose a dimension"),
    kind: z.literal("categorical"),
    values: z.record(z.string().trim().min(1, "a signal value is not empty"), z.string().trim().min(1, "choose the option this value means")),
  }),
]);

export type MappingIssue = { field: string; message: string };

/**
 * Checks a project's mappings against its rubric. Returns the mappings (trimmed) or the issues by
 * field path, e.g. `mappings.0.threshold`, so the form can show each at its field.
 */
export function validateJudgeMappings(input: unknown, dimensions: Dimension[]): { ok: true; mappings: JudgeMapping[] } | { ok: false; issues: MappingIssue[] } {
  if (!Array.isArray(input)) return { ok: false, issues: [{ field: "mappings", message: "a list of mappings" }] };
  const issues: MappingIssue[] = [];
  const mappings: JudgeMapping[] = [];
  const seen = new Set<string>();
  input.forEach((raw, i) => {
    const at = (field: string) => `mappings.${i}.${field}`;
    const parsed = mappingSchema.safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ field: issue.path.length ? at(issue.path.map(String).join(".")) : `mappings.${i}`, message: issue.message });
      return;
    }
    const m = parsed.data as JudgeMapping;
    const dimension = dimensions.find((d) => d.key === m.dimension);
    if (!dimension) {
      issues.push({ field: at("dimension"), message: `the rubric has no dimension "${m.dimension}"` });
      return;
    }
    if (seen.has(m.dimension)) issues.push({ field: at("dimension"), message: `${dimension.label} is already mapped to a signal; one judge per dimension` });
    seen.add(m.dimension);
    if (!dimensionCanCarryFailure(dimension)) issues.push({ field: at("dimension"), message: `${dimension.label} has no answer flagged as a failure, so a judge verdict on it means nothing` });
    if (m.kind === "numeric") {
      if (m.threshold < 0 || m.threshold > 1) issues.push({ field: at("threshold"), message: "scores are fractions: a threshold from 0 to 1" });
    } else {
      if (dimension.kind !== "categorical" && dimension.kind !== "ordinal") {
        issues.push({ field: at("kind"), message: `a categorical signal maps onto a choice dimension; ${dimension.label} is ${dimension.kind}` });
      } else {
        const options = new Set(dimension.options.map((o) => o.value));
        const entries = Object.entries(m.values);
        if (entries.length === 0) issues.push({ field: at("values"), message: "map at least one signal value to an option" });
        for (const [value, option] of entries) {
          if (!options.has(option)) issues.push({ field: at(`values.${value}`), message: `"${option}" is not an option of ${dimension.label}` });
        }
      }
    }
    mappings.push(m);
  });
  return issues.length ? { ok: false, issues } : { ok: true, mappings };
}

/** The value of a named signal on an output (signals are `[{ name, value, source? }]` as ingested), or undefined. */
export function signalValue(signals: unknown, name: string): unknown {
  if (!Array.isArray(signals)) return undefined;
  for (const s of signals) {
    if (s && typeof s === "object" && (s as { name?: unknown }).name === name) return (s as { value?: unknown }).value;
  }
  return undefined;
}

/** The judge's verdict for one output under a mapping; null when the output carries no usable value of the signal. */
export function judgeVerdict(mapping: JudgeMapping, dimension: Dimension, signals: unknown): JudgeVerdict | null {
  const value = signalValue(signals, mapping.signal);
  if (value === undefined || value === null) return null;
  if (mapping.kind === "numeric") {
    // Numbers only, as the SQL over the week's outputs reads them (lib/server/judge/assisted.ts).
    if (typeof value !== "number" || !Number.isFinite(value)) return null;
    const score = value;
    return { failure: mapping.failureWhen === "below" ? score < mapping.threshold : score > mapping.threshold, option: null, score };
  }
  const option = mapping.values[String(value)];
  if (option === undefined) return null;
  return { failure: valueIsFailure(dimension, option), option, score: null };
}
