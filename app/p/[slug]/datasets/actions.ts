"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { createDataset } from "@/lib/server/datasets/datasets";
import { createDatasetVersion } from "@/lib/server/datasets/versions";

const list = z.union([z.string(), z.array(z.string())]).optional().transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((s) => s.trim() !== ""));
const optionalNumber = (field: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      if (v === undefined || v.trim() === "") return null;
      const n = Number(v);
      if (!Number.isFinite(n)) {
        ctx.addIssue({ code: "custom", message: `${field} is a number` });
        return z.NEVER;
      }
      return n;
    });

// The form's flat fields become the definition; the definition's own schema (lib/datasets) then
// validates it and names the field, e.g. "definition.minAgreement".
const createFormSchema = z.object({
  name: z.string().optional(),
  description: z.string().optional(),
  items: z.string().optional(),
  auditIds: list,
  from: z.string().optional(),
  to: z.string().optional(),
  strata: list,
  taskTypes: list,
  dimensions: list,
  expectedDimension: z.string().optional(),
  onlyFailures: z.string().optional(),
  minAgreement: optionalNumber("minimum agreement"),
  split: z.string().optional(),
  testPercent: optionalNumber("the test share"),
  reviewerIdentity: z.string().optional(),
  language: z.string().optional(),
});

export const createDatasetAction = projectAction({ permission: "datasets:manage", input: createFormSchema }, async ({ actor, projectSlug, input: data }) => {
  const definition = {
    auditIds: data.auditIds,
    from: data.from?.trim() || null,
    to: data.to?.trim() || null,
    strata: data.strata,
    items: data.items,
    minAgreement: data.minAgreement,
    dimensions: data.dimensions,
    expectedDimension: data.expectedDimension?.trim() || null,
    filters: { onlyFailures: data.onlyFailures === "on", taskTypes: data.taskTypes },
    split: data.split === "hash" ? { kind: "hash", testShare: data.testPercent === null ? NaN : data.testPercent / 100, seed: (data.name ?? "").trim() || "assay" } : { kind: "none" },
    reviewerIdentity: data.reviewerIdentity,
    language: (data.language ?? "en").split(",").map((s) => s.trim()).filter(Boolean),
  };
  const created = await createDataset({ projectSlug, actor, name: data.name, description: data.description?.trim() || null, definition });
  redirect(`/p/${projectSlug}/datasets/${created.id}`);
});

const versionFormSchema = z.object({ datasetId: z.string().min(1), note: z.string().optional() });

export const createVersionAction = projectAction({ permission: "datasets:manage", input: versionFormSchema }, async ({ actor, projectSlug, input }) => {
  const created = await createDatasetVersion({ projectSlug, actor, datasetId: input.datasetId, note: input.note });
  revalidatePath(`/p/${projectSlug}/datasets/${input.datasetId}`);
  return { version: created.version, rowCount: created.rowCount, sha256: created.sha256 };
});
