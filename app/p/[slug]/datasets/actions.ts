"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
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
  projectSlug: z.string(),
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

export async function createDatasetAction(_previous: ActionResult<{ id: string }> | null, form: FormData): Promise<ActionResult<{ id: string }>> {
  const actor = await requireUser();
  const result = await runAction(createFormSchema, formToObject(form), async (data) => {
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
    return createDataset({ projectSlug: data.projectSlug, actor, name: data.name, description: data.description?.trim() || null, definition });
  });
  if (result.ok) redirect(`/p/${form.get("projectSlug")}/datasets/${result.data.id}`);
  return result;
}

const versionFormSchema = z.object({ projectSlug: z.string(), datasetId: z.string().min(1), note: z.string().optional() });

export async function createVersionAction(_previous: ActionResult<{ version: number; rowCount: number; sha256: string }> | null, form: FormData): Promise<ActionResult<{ version: number; rowCount: number; sha256: string }>> {
  const actor = await requireUser();
  const result = await runAction(versionFormSchema, formToObject(form), async (data) => {
    const created = await createDatasetVersion({ projectSlug: data.projectSlug, actor, datasetId: data.datasetId, note: data.note });
    return { version: created.version, rowCount: created.rowCount, sha256: created.sha256 };
  });
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/datasets/${form.get("datasetId")}`);
  return result;
}
