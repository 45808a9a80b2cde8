// Per-project PII redaction, applied to a record before it is stored. Settings live in
// Project.redaction (Json): { enabled, emails, phones, cards, custom: [{ name, pattern }] }.
import { z } from "zod";
import type { NormalizedOutput } from "./record";

export const MAX_CUSTOM_PATTERNS = 20;
export const MAX_PATTERN_LENGTH = 500;

export const customPatternSchema = z.object({
  name: z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, "use 1–40 letters, digits, - or _ (it appears in the placeholder)"),
  pattern: z
    .string()
    .min(1, "enter a regular expression")
    .max(MAX_PATTERN_LENGTH, `at most ${MAX_PATTERN_LENGTH} characters`)
    .superRefine((pattern, ctx) => {
      let re: RegExp;
      try {
        re = new RegExp(pattern, "gu");
      } catch (error) {
        ctx.addIssue({ code: "custom", message: `not a valid regular expression: ${(error as Error).message}` });
        return;
      }
      // A pattern that matches nothing at all would "redact" empty strings everywhere.
      if (re.test("")) ctx.addIssue({ code: "custom", message: "matches the empty string; it must match at least one character" });
    }),
});

export const redactionSettingsSchema = z.object({
  enabled: z.boolean().default(false),
  emails: z.boolean().default(true),
  phones: z.boolean().default(true),
  cards: z.boolean().default(true),
  custom: z.array(customPatternSchema).max(MAX_CUSTOM_PATTERNS, `at most ${MAX_CUSTOM_PATTERNS} custom patterns`).default([]),
});

export type RedactionSettings = z.infer<typeof redactionSettingsSchema>;

/** Reads stored settings leniently: a project saved before a field existed gets its default. */
export function readRedactionSettings(stored: unknown): RedactionSettings {
  const parsed = redactionSettingsSchema.safeParse(stored && typeof stored === "object" ? stored : {});
  // Stored settings were validated on save; if they no longer parse, redacting less than asked
  // would leak PII silently, so the caller gets an error instead.
  if (!parsed.success) throw new Error(`The project's redaction settings are invalid: ${parsed.error.issues.map((i) => i.message).join("; ")}`);
  return parsed.data;
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
// Card candidates: 13–19 digits, optionally grouped by spaces or hyphens; kept only if Luhn-valid.
const CARD = /(?<![\d])\d(?:[ -]?\d){12,18}(?!\d)/g;
// Phone candidates: an optional +country code, an optional (area) group and 2–5 digit groups.
// Kept only with 9–15 digits and not shaped like a date, so ISO dates and short numbers survive.
const PHONE = /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{1,4}\)[ .-]?)?\d{2,5}(?:[ .-]?\d{2,5}){1,4}(?!\w)/g;
const DATE_LIKE = /^\d{4}[-./]\d{1,2}[-./]\d{1,2}/;

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export type Redactor = (value: string) => { text: string; count: number };

/** Compiles settings once per request into a string redactor; null when redaction is off. */
export function compileRedactor(settings: RedactionSettings): Redactor | null {
  if (!settings.enabled) return null;
  const custom = settings.custom.map((c) => ({ name: c.name, re: new RegExp(c.pattern, "gu") }));
  if (!settings.emails && !settings.phones && !settings.cards && custom.length === 0) return null;
  return (value: string) => {
    let count = 0;
    let text = value;
    const mayHaveDigits = /\d/.test(text);
    if (settings.cards && mayHaveDigits) {
      text = text.replace(CARD, (match) => {
        const digits = match.replace(/\D/g, "");
        if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return match;
        count++;
        return "[REDACTED:card]";
      });
    }
    if (settings.emails && text.includes("@")) {
      text = text.replace(EMAIL, () => {
        count++;
        return "[REDACTED:email]";
      });
    }
    if (settings.phones && mayHaveDigits) {
      text = text.replace(PHONE, (match) => {
        const digits = match.replace(/\D/g, "").length;
        if (digits < 9 || digits > 15 || DATE_LIKE.test(match)) return match;
        count++;
        return "[REDACTED:phone]";
      });
    }
    for (const { name, re } of custom) {
      text = text.replace(re, () => {
        count++;
        return `[REDACTED:${name}]`;
      });
    }
    return { text, count };
  };
}

// Metadata keys the app reads as labels for filtering; they are not free text and stay as sent.
const STRUCTURAL_METADATA = new Set(["model", "modelVersion", "taskType", "userSegment", "tags", "latencyMs", "costUsd", "tokensIn", "tokensOut"]);

function redactValue(value: unknown, redact: Redactor, counter: { n: number }): unknown {
  if (typeof value === "string") {
    const { text, count } = redact(value);
    counter.n += count;
    return text;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact, counter));
  if (value && typeof value === "object") {
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact, counter)]));
  }
  return value;
}

/**
 * Redacts the free-text parts of a row in place: input, output, context, signal values and
 * metadata other than the structural keys. The id, timestamp, model and task type are kept.
 */
export function redactRow(row: NormalizedOutput, redact: Redactor | null): NormalizedOutput {
  if (!redact) return row;
  const counter = { n: 0 };
  row.input = redactValue(row.input, redact, counter);
  row.output = redactValue(row.output, redact, counter);
  if (row.context !== null) row.context = redactValue(row.context, redact, counter);
  if (Array.isArray(row.signals)) {
    row.signals = row.signals.map((s: Record<string, unknown>) => ({ ...s, value: redactValue(s.value, redact, counter) }));
  }
  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row.metadata)) {
    Object.defineProperty(metadata, key, { value: STRUCTURAL_METADATA.has(key) ? value : redactValue(value, redact, counter), enumerable: true, writable: true, configurable: true });
  }
  row.metadata = metadata;
  row.redactions = counter.n;
  return row;
}
