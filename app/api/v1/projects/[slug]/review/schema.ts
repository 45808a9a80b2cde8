// Request bodies of the review API. Label values are validated against the rubric by the server
// (lib/review/rubric.ts labelSchema); here only the envelope is checked.
import { z } from "zod";

export const submitBodySchema = z.object({
  values: z.record(z.string(), z.unknown(), { error: "send values: an object of dimension values" }),
  timeSpentMs: z.number({ error: "timeSpentMs is a number of milliseconds" }).min(0).optional(),
  /** Also claim and return the next item (default true): submit + next in one round trip. */
  next: z.boolean().default(true),
});

export const editBodySchema = z.object({ values: z.record(z.string(), z.unknown(), { error: "send values: an object of dimension values" }) });

/** Skip and flag: the reviewer's reason (checked, with its message, by the domain function). */
export const reasonBodySchema = z.object({ reason: z.unknown() }, { error: "send { reason: \"…\" }" });
