"use server";

import { revalidatePath } from "next/cache";
import { projectAction } from "@/lib/server/http/project-action";
import { ValidationError } from "@/lib/server/errors";
import { resumeCheckBackfill, saveCheckSettings } from "@/lib/server/outputs/check-settings";
import { z } from "zod";
import { CHECK_FLAGS } from "@/lib/outputs/checks";
import { metadataValue } from "@/lib/outputs/explorer";

const text = (form: FormData, name: string) => {
  const v = form.get(name);
  return typeof v === "string" ? v.trim() : "";
};

/** "task = number" lines into a map; errors name the field and line. */
function limitLines(raw: string, field: string, issues: { field: string; message: string }[]): Record<string, number> {
  const out: Record<string, number> = {};
  raw.split(/\r?\n/).forEach((line, i) => {
    const l = line.trim();
    if (!l) return;
    const eq = l.indexOf("=");
    const value = Number(l.slice(eq + 1).trim());
    if (eq <= 0 || !Number.isFinite(value) || value <= 0) issues.push({ field, message: `line ${i + 1}: write task_type = a number above 0` });
    else out[l.slice(0, eq).trim()] = value;
  });
  return out;
}

/** Reads the form into CheckSettings' raw shape; the domain validates it (Ajv compiles each schema). */
function settingsFromForm(form: FormData) {
  const issues: { field: string; message: string }[] = [];
  const format: unknown[] = [];
  for (let i = 0; form.has(`format.${i}.taskType`); i++) {
    const taskType = text(form, `format.${i}.taskType`);
    const schemaText = text(form, `format.${i}.schema`);
    if (!taskType) {
      if (schemaText) issues.push({ field: `format.${i}.taskType`, message: "name the task type this schema is for" });
      continue;
    }
    let schema: unknown = null;
    if (schemaText) {
      try {
        schema = JSON.parse(schemaText);
      } catch (error) {
        issues.push({ field: `format.${i}.schema`, message: `not JSON: ${(error as Error).message}` });
      }
    }
    format.push({ taskType, format: "json", schema });
  }
  const flags: Record<string, unknown> = {};
  for (const flag of CHECK_FLAGS) {
    const key = text(form, `${flag}.key`);
    const value = text(form, `${flag}.equals`);
    flags[flag] = key ? { key, equals: value ? metadataValue(value) : true } : null;
  }
  const number = (name: string) => {
    const v = text(form, name);
    if (!v) return null;
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) issues.push({ field: name, message: "must be a number above 0, or empty" });
    return n;
  };
  const settings = {
    format,
    refusal: {
      enabled: form.get("refusal.enabled") === "on",
      signal: text(form, "refusal.signal") || null,
      phrases: text(form, "refusal.phrases").split(/\r?\n/).map((p) => p.trim()).filter(Boolean),
    },
    ...flags,
    latencySlaMs: { default: number("latencySlaMs.default"), byTaskType: limitLines(text(form, "latencySlaMs.byTaskType"), "latencySlaMs.byTaskType", issues) },
    costBudgetUsd: { default: number("costBudgetUsd.default"), byTaskType: limitLines(text(form, "costBudgetUsd.byTaskType"), "costBudgetUsd.byTaskType", issues) },
  };
  if (issues.length) throw new ValidationError(issues);
  return settings;
}

// The form's many fields are read by settingsFromForm, not by a schema.
const anyForm = z.unknown();

export const saveChecksAction = projectAction({ permission: "checks:edit", input: anyForm }, async ({ actor, projectSlug, form }) => {
  const saved = await saveCheckSettings({ actor, projectSlug, settings: settingsFromForm(form) });
  // Recomputes every output's results in batches, off the request; resumable from its cursor.
  await resumeCheckBackfill({ actor, projectSlug });
  revalidatePath(`/p/${projectSlug}/settings/checks`);
  return saved;
});

export const resumeBackfillAction = projectAction({ permission: "checks:edit", input: anyForm }, async ({ actor, projectSlug }) => {
  await resumeCheckBackfill({ actor, projectSlug });
  revalidatePath(`/p/${projectSlug}/settings/checks`);
});
