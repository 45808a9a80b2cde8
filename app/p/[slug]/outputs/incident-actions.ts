"use server";

// The outputs explorer's bulk incident actions: the selected outputs become near misses, or are
// linked to an incident. Each is one transaction in lib/server/incidents: all or nothing.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { ValidationError } from "@/lib/server/errors";
import { linkToIncident, recordNearMissesFromOutputs } from "@/lib/server/incidents/incidents";

const envelope = z.object({ projectSlug: z.string().min(1) }).passthrough();

/** The checked outputs: one or many `outputId` values (the explorer's row checkboxes belong to this form). */
function selectedOutputIds(raw: Record<string, unknown>): string[] {
  const value = raw.outputId;
  return Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
}

export type BulkNearMissResult = { created: number; skipped: number; numbers: number[] };

async function recordNearMissesAction(_previous: ActionResult<BulkNearMissResult> | null, form: FormData): Promise<ActionResult<BulkNearMissResult>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, (data) =>
    recordNearMissesFromOutputs({
      actor,
      projectSlug: data.projectSlug,
      request: { outputIds: selectedOutputIds(raw), severity: raw.severity, category: raw.category, reportedVia: typeof raw.reportedVia === "string" && raw.reportedVia.trim() ? raw.reportedVia : undefined },
    }),
  );
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents`);
  return result;
}

export type BulkLinkResult = { outputs: number; incidentId: string };

async function linkOutputsToIncidentAction(_previous: ActionResult<BulkLinkResult> | null, form: FormData): Promise<ActionResult<BulkLinkResult>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, async (data) => {
    const incidentId = typeof raw.incidentId === "string" ? raw.incidentId : "";
    if (!incidentId) throw new ValidationError([{ field: "incidentId", message: "choose the incident to link the outputs to" }]);
    const outputIds = selectedOutputIds(raw);
    if (outputIds.length === 0) throw new ValidationError([{ field: "outputIds", message: "choose at least one output" }]);
    const linked = await linkToIncident({ actor, projectSlug: data.projectSlug, incidentId, links: { outputIds } });
    return { outputs: linked.outputs, incidentId };
  });
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents/${raw.incidentId}`);
  return result;
}

export type BulkIncidentResult = ({ mode: "near_miss" } & BulkNearMissResult) | ({ mode: "link" } & BulkLinkResult);

/** One form, two actions (its row checkboxes can belong to one form only): `mode` chooses. */
export async function outputsIncidentAction(previous: ActionResult<BulkIncidentResult> | null, form: FormData): Promise<ActionResult<BulkIncidentResult>> {
  if (form.get("mode") === "link") {
    const result = await linkOutputsToIncidentAction(null, form);
    return result.ok ? { ok: true, data: { mode: "link", ...result.data } } : result;
  }
  const result = await recordNearMissesAction(null, form);
  return result.ok ? { ok: true, data: { mode: "near_miss", ...result.data } } : result;
}
