// Population checks: computed for every logged output (at ingest, and again by the backfill job
// when a project changes its definitions), never sampled. Pure: plain data in, booleans out.
// What counts as a refusal, an escalation or a too slow answer is the project's data
// (CheckSettings), never a key name hard-coded here.
// With its extension: ajv has no exports map, and the compiled start script leaves the path to Node.
import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import { z } from "zod";

export const DEFAULT_REFUSAL_PHRASES = ["I can't help with", "I cannot help with", "I'm unable to", "I am unable to", "I cannot assist", "I can't assist", "I won't be able to"];

const metadataFlag = z.strictObject({
  key: z.string().trim().min(1, "name the metadata key").max(128),
  // The value that means "yes"; true when omitted (e.g. metadata.escalated = true).
  equals: z.union([z.string(), z.number(), z.boolean()]).default(true),
});

const perTaskLimit = z.strictObject({
  default: z.number().finite().positive("must be more than 0").nullable().default(null),
  byTaskType: z.record(z.string().min(1), z.number().finite().positive("must be more than 0")).default({}),
});

export const checkSettingsSchema = z.strictObject({
  // Format compliance per task type: the output must parse as JSON and, when a schema is given,
  // validate against it (JSON Schema draft 2020-12).
  format: z
    .array(
      z.strictObject({
        taskType: z.string().trim().min(1, "name the task type").max(128),
        format: z.literal("json"),
        schema: z.record(z.string(), z.unknown()).nullable().default(null),
      }),
    )
    .default([]),
  refusal: z
    .strictObject({
      enabled: z.boolean().default(true),
      // An ingested signal of this name decides when present (true, "true", or a number ≥ 0.5).
      signal: z.string().trim().max(128).nullable().default("refusal"),
      // Otherwise: case-insensitive phrases searched in the output text.
      phrases: z.array(z.string().trim().min(3, "a phrase needs at least 3 characters").max(200)).max(100).default(DEFAULT_REFUSAL_PHRASES),
    })
    .default({ enabled: true, signal: "refusal", phrases: DEFAULT_REFUSAL_PHRASES }),
  escalated: metadataFlag.nullable().default(null),
  overridden: metadataFlag.nullable().default(null),
  intervened: metadataFlag.nullable().default(null),
  approved: metadataFlag.nullable().default(null),
  latencySlaMs: perTaskLimit.default({ default: null, byTaskType: {} }),
  costBudgetUsd: perTaskLimit.default({ default: null, byTaskType: {} }),
});

export type CheckSettings = z.output<typeof checkSettingsSchema>;
export type MetadataFlag = z.output<typeof metadataFlag>;

/** What a project has before it saves its own: refusal by signal or the default phrases, nothing else. */
export function defaultCheckSettings(): CheckSettings {
  return checkSettingsSchema.parse({ refusal: { enabled: true, signal: "refusal", phrases: DEFAULT_REFUSAL_PHRASES } });
}

export const CHECK_FLAGS = ["escalated", "overridden", "intervened", "approved"] as const;
export type CheckFlag = (typeof CHECK_FLAGS)[number];

/** One output's results; null: not configured, or nothing to judge (e.g. no latency logged). */
export type CheckResults = {
  formatValid: boolean | null;
  refusal: boolean | null;
  escalated: boolean | null;
  overridden: boolean | null;
  intervened: boolean | null;
  approved: boolean | null;
  overLatencySla: boolean | null;
  overCostBudget: boolean | null;
};

export type CheckInput = {
  taskType: string | null;
  output: unknown;
  metadata: Record<string, unknown>;
  signals: unknown;
  latencyMs: number | null;
  costUsd: number | null;
};

export type CompiledChecks = { settings: CheckSettings; evaluate(row: CheckInput): CheckResults };

export type SettingsError = { field: string; message: string };

/** The text of a stored output: a string, or the content of one {role, content} message. */
export function outputText(output: unknown): string | null {
  if (typeof output === "string") return output;
  if (output && typeof output === "object" && !Array.isArray(output)) {
    const content = (output as Record<string, unknown>).content;
    if (typeof content === "string") return content;
    if (content !== undefined) return JSON.stringify(content);
  }
  return null;
}

function signalValue(signals: unknown, name: string): unknown {
  if (!Array.isArray(signals)) return undefined;
  for (const s of signals) {
    if (s && typeof s === "object" && (s as Record<string, unknown>).name === name) return (s as Record<string, unknown>).value;
  }
  return undefined;
}

function signalMeansYes(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value >= 0.5;
  if (typeof value === "string") {
    const v = value.trim().toLowerCase();
    if (["true", "yes", "refusal", "refused", "1"].includes(v)) return true;
    if (["false", "no", "0", "none", "answered"].includes(v)) return false;
  }
  return null;
}

function flagResult(flag: MetadataFlag | null, metadata: Record<string, unknown>): boolean | null {
  if (!flag) return null;
  if (!Object.prototype.hasOwnProperty.call(metadata, flag.key)) return false;
  return metadata[flag.key] === flag.equals;
}

function limitFor(limit: CheckSettings["latencySlaMs"], taskType: string | null): number | null {
  if (taskType !== null && Object.prototype.hasOwnProperty.call(limit.byTaskType, taskType)) return limit.byTaskType[taskType];
  return limit.default;
}

/**
 * Validates raw settings (from the settings form or the database) and compiles them: every JSON
 * Schema is compiled by Ajv once here, not per output. Errors name the field.
 */
export function compileChecks(raw: unknown): { ok: true; checks: CompiledChecks } | { ok: false; errors: SettingsError[] } {
  const parsed = checkSettingsSchema.safeParse(raw ?? {});
  if (!parsed.success) {
    return { ok: false, errors: parsed.error.issues.map((i) => ({ field: i.path.map(String).join(".") || "(settings)", message: i.message })) };
  }
  const settings = parsed.data;
  const errors: SettingsError[] = [];
  const validators = new Map<string, ValidateFunction | null>();
  // strict: false so that schemas written for other tools (unknown keywords such as "example") still compile.
  const ajv = new Ajv2020({ allErrors: false, strict: false });
  settings.format.forEach((f, i) => {
    if (validators.has(f.taskType)) {
      errors.push({ field: `format.${i}.taskType`, message: `task type "${f.taskType}" already has a format check` });
      return;
    }
    if (!f.schema) return void validators.set(f.taskType, null);
    try {
      validators.set(f.taskType, ajv.compile(f.schema));
    } catch (error) {
      errors.push({ field: `format.${i}.schema`, message: `not a valid JSON Schema (draft 2020-12): ${(error as Error).message}` });
    }
  });
  if (errors.length) return { ok: false, errors };
  const phrases = settings.refusal.phrases.map((p) => p.toLowerCase());

  function evaluate(row: CheckInput): CheckResults {
    let formatValid: boolean | null = null;
    if (row.taskType !== null && validators.has(row.taskType)) {
      const text = outputText(row.output);
      let parsedOutput: unknown;
      let parses = false;
      if (text !== null) {
        try {
          parsedOutput = JSON.parse(text);
          parses = true;
        } catch {
          parses = false;
        }
      }
      const validate = validators.get(row.taskType);
      formatValid = parses && (validate ? validate(parsedOutput) === true : true);
    }

    let refusal: boolean | null = null;
    if (settings.refusal.enabled) {
      const fromSignal = settings.refusal.signal ? signalMeansYes(signalValue(row.signals, settings.refusal.signal)) : null;
      if (fromSignal !== null) refusal = fromSignal;
      else if (phrases.length > 0) {
        const text = outputText(row.output);
        refusal = text === null ? null : phrases.some((p) => text.toLowerCase().includes(p));
      }
    }

    const sla = limitFor(settings.latencySlaMs, row.taskType);
    const budget = limitFor(settings.costBudgetUsd, row.taskType);
    return {
      formatValid,
      refusal,
      escalated: flagResult(settings.escalated, row.metadata),
      overridden: flagResult(settings.overridden, row.metadata),
      intervened: flagResult(settings.intervened, row.metadata),
      approved: flagResult(settings.approved, row.metadata),
      overLatencySla: sla === null || row.latencyMs === null ? null : row.latencyMs > sla,
      overCostBudget: budget === null || row.costUsd === null ? null : row.costUsd > budget,
    };
  }
  return { ok: true, checks: { settings, evaluate } };
}
