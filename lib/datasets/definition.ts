// Validation of a dataset definition as entered in the form or sent as JSON; a bad field is named.
import { z } from "zod";
import { ITEM_SELECTIONS, type DatasetDefinition } from "./types";

const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "use a date like 2026-11-20")
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)), "not a real date");
const keyList = z.array(z.string().trim().min(1).max(128)).max(200).default([]);

export const datasetNameSchema = z
  .string("a dataset needs a name")
  .trim()
  .min(2, "a name has at least 2 characters")
  .max(80, "a name is at most 80 characters")
  .regex(/^[a-z0-9][a-z0-9._-]*$/, "a name uses lower-case letters, digits, '.', '_' and '-' (it is used in file names and the CLI)");

export const datasetDefinitionSchema = z
  .object({
    auditIds: keyList,
    from: isoDate.nullable().default(null),
    to: isoDate.nullable().default(null),
    strata: keyList,
    items: z.enum(ITEM_SELECTIONS, { error: `choose which items: ${ITEM_SELECTIONS.join(", ")}` }).default("gold"),
    minAgreement: z.number({ error: "minimum agreement is a number from 0 to 1" }).min(0, "minimum agreement is from 0 to 1").max(1, "minimum agreement is from 0 to 1").nullable().default(null),
    dimensions: keyList,
    expectedDimension: z.string().trim().min(1).max(60).nullable().default(null),
    filters: z.object({ onlyFailures: z.boolean().default(false), taskTypes: keyList }).default({ onlyFailures: false, taskTypes: [] }),
    split: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("none") }),
        z.object({
          kind: z.literal("hash"),
          testShare: z.number({ error: "the test share is a number between 0 and 1" }).gt(0, "the test share is between 0 and 1").lt(1, "the test share is between 0 and 1"),
          seed: z.string().trim().min(1, "a split needs a seed").max(100),
        }),
      ])
      .default({ kind: "none" }),
    reviewerIdentity: z.enum(["pseudonymous", "names"]).default("pseudonymous"),
    language: z.array(z.string().trim().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, "use a language code such as en or pt-BR")).min(1, "name at least one language").max(20).default(["en"]),
  })
  .superRefine((d, ctx) => {
    if (d.from && d.to && d.from >= d.to) ctx.addIssue({ code: "custom", path: ["to"], message: "the end date must be after the start date" });
  });

export function parseDatasetDefinition(input: unknown): DatasetDefinition {
  return datasetDefinitionSchema.parse(input) as DatasetDefinition;
}
