"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, type ActionResult } from "@/lib/server/http/action";
import { AppError, ValidationError, zodIssues } from "@/lib/server/errors";
import { getAnalysisSettings, saveCohortMapping, saveJudgeMappings } from "@/lib/server/judge/settings";


const page = (slug: unknown) => `/p/${String(slug)}/judge`;

const mappingForm = z.object({
  projectSlug: z.string(),
  // The position of the mapping being edited; "new" appends one.
  index: z.string(),
  intent: z.enum(["save", "remove"]).default("save"),
  signal: z.string().default(""),
  dimension: z.string().default(""),
  kind: z.enum(["numeric", "categorical"], "choose numeric or categorical"),
  threshold: z.string().default(""),
  failureWhen: z.string().default("below"),
  // One "signal value = option" per line.
  values: z.string().default(""),
});

async function failure(error: unknown): Promise<ActionResult<string>> {
  if (error instanceof z.ZodError) error = new ValidationError(zodIssues(error));
  if (error instanceof ValidationError) return { ok: false, message: error.message, issues: error.issues };
  if (error instanceof AppError) return { ok: false, message: error.message, issues: [] };
  throw error;
}

export async function saveJudgeMappingAction(_previous: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const actor = await requireUser();
  try {
    const data = mappingForm.parse(formToObject(form));
    const { judgeMappings } = await getAnalysisSettings({ actor, projectSlug: data.projectSlug });
    const index = data.index === "new" ? judgeMappings.length : Number(data.index);
    if (!Number.isInteger(index) || index < 0 || index > judgeMappings.length) throw new ValidationError([{ field: "index", message: "that mapping no longer exists: reload the page" }]);
    const next: unknown[] = [...judgeMappings];
    if (data.intent === "remove") next.splice(index, 1);
    else {
      const issues: { field: string; message: string }[] = [];
      let entry: Record<string, unknown>;
      if (data.kind === "numeric") {
        const threshold = Number(data.threshold.trim().replace(",", "."));
        if (data.threshold.trim() === "" || !Number.isFinite(threshold)) issues.push({ field: "threshold", message: "the threshold is a number from 0 to 1" });
        entry = { signal: data.signal, dimension: data.dimension, kind: "numeric", threshold, failureWhen: data.failureWhen };
      } else {
        const values: Record<string, string> = {};
        data.values.split("\n").map((l) => l.trim()).filter(Boolean).forEach((line) => {
          const at = line.indexOf("=");
          if (at <= 0) issues.push({ field: "values", message: `"${line}" is not "signal value = option"` });
          else values[line.slice(0, at).trim()] = line.slice(at + 1).trim();
        });
        entry = { signal: data.signal, dimension: data.dimension, kind: "categorical", values };
      }
      if (issues.length) throw new ValidationError(issues);
      next[index] = entry;
    }
    try {
      await saveJudgeMappings({ actor, projectSlug: data.projectSlug, mappings: next });
    } catch (error) {
      // The form edits one mapping: its issues are named by that form's fields.
      if (error instanceof ValidationError) {
        const prefix = `mappings.${index}.`;
        const own = error.issues.map((i) => ({ field: i.field.startsWith(prefix) ? i.field.slice(prefix.length).split(".")[0] : i.field, message: i.message }));
        throw new ValidationError(own);
      }
      throw error;
    }
    revalidatePath(page(data.projectSlug));
    return { ok: true, data: data.intent === "remove" ? "Removed the mapping." : "Saved: the comparison below uses it." };
  } catch (error) {
    return failure(error);
  }
}

export async function saveCohortMappingAction(_previous: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const actor = await requireUser();
  try {
    const data = z.object({ projectSlug: z.string(), key: z.string().default(""), baseline: z.string().default("") }).parse(formToObject(form));
    const saved = await saveCohortMapping({ actor, projectSlug: data.projectSlug, key: data.key, baseline: data.baseline });
    revalidatePath(page(data.projectSlug));
    return { ok: true, data: saved ? `Cohorts are the values of "${saved.key}", compared with "${saved.baseline}".` : "Removed the cohort mapping." };
  } catch (error) {
    return failure(error);
  }
}

