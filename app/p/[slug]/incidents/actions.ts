"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { changeIncidentStatus, commentOnIncident, createIncident, linkToIncident, updateIncident, updateIncidentSla } from "@/lib/server/incidents/incidents";
import { signOffMonth } from "@/lib/server/incidents/monthly-review";
import { zonedLocalToInstant } from "@/lib/incidents/local-time";

// Forms send text; the domain functions validate the fields themselves (naming each one).
const envelope = z.object({ projectSlug: z.string().min(1), incidentId: z.string().optional(), timeZone: z.string().default("UTC") }).passthrough();

/** "id1, id2\nid3" → ["id1", "id2", "id3"]. */
const splitIds = (text: unknown) => (typeof text === "string" ? text.split(/[\s,]+/).filter(Boolean) : []);

/** A datetime-local value read in the project's time zone; anything else passes through to be refused by name. */
function detectedAt(value: unknown, timeZone: string) {
  if (typeof value !== "string" || !value) return value;
  return zonedLocalToInstant(value, timeZone)?.toISOString() ?? value;
}

export async function createIncidentAction(_previous: ActionResult<{ id: string }> | null, form: FormData): Promise<ActionResult<{ id: string }>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, async (data) => {
    const created = await createIncident({
      actor,
      projectSlug: data.projectSlug,
      fields: { ...raw, detectedAt: detectedAt(raw.detectedAt, data.timeZone), ownerId: raw.ownerId || null, outputIds: splitIds(raw.outputIds) },
    });
    return { id: created.id };
  });
  if (result.ok) redirect(`/p/${raw.projectSlug}/incidents/${result.data.id}`);
  return result;
}

export async function updateIncidentAction(_previous: ActionResult<{ changed: boolean }> | null, form: FormData): Promise<ActionResult<{ changed: boolean }>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, (data) =>
    updateIncident({
      actor,
      projectSlug: data.projectSlug,
      incidentId: data.incidentId ?? "",
      fields: { title: raw.title, description: raw.description ?? "", kind: raw.kind, severity: raw.severity, category: raw.category, ownerId: raw.ownerId || null, detectedAt: detectedAt(raw.detectedAt, data.timeZone) },
      comment: typeof raw.comment === "string" ? raw.comment : null,
    }),
  );
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents/${raw.incidentId}`);
  return result;
}

export async function changeStatusAction(_previous: ActionResult<{ status: string }> | null, form: FormData): Promise<ActionResult<{ status: string }>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, (data) =>
    changeIncidentStatus({
      actor,
      projectSlug: data.projectSlug,
      incidentId: data.incidentId ?? "",
      change: { to: raw.to, rootCause: raw.rootCause, resolution: raw.resolution, closeReason: raw.closeReason || undefined, comment: raw.comment },
    }),
  );
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents/${raw.incidentId}`);
  return result;
}

export async function commentAction(_previous: ActionResult<{ id: string }> | null, form: FormData): Promise<ActionResult<{ id: string }>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, (data) => commentOnIncident({ actor, projectSlug: data.projectSlug, incidentId: data.incidentId ?? "", comment: String(raw.comment ?? "") }));
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents/${raw.incidentId}`);
  return result;
}

export async function linkAction(_previous: ActionResult<{ outputs: number; labels: number }> | null, form: FormData): Promise<ActionResult<{ outputs: number; labels: number }>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, (data) =>
    linkToIncident({ actor, projectSlug: data.projectSlug, incidentId: data.incidentId ?? "", links: { outputIds: splitIds(raw.outputIds), labelIds: splitIds(raw.labelIds) } }),
  );
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents/${raw.incidentId}`);
  return result;
}

export async function updateSlaAction(_previous: ActionResult<unknown> | null, form: FormData): Promise<ActionResult<unknown>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope, raw, (data) => updateIncidentSla({ actor, projectSlug: data.projectSlug, slaHours: { S1: raw.S1, S2: raw.S2, S3: raw.S3, S4: raw.S4 } }));
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents`);
  return result;
}

export async function signOffAction(_previous: ActionResult<{ month: string }> | null, form: FormData): Promise<ActionResult<{ month: string }>> {
  const actor = await requireUser();
  const raw = formToObject(form);
  const result = await runAction(envelope.extend({ month: z.string() }), raw, (data) =>
    signOffMonth({
      actor,
      projectSlug: data.projectSlug,
      month: data.month,
      signOff: { notes: raw.notes ?? "", actionItems: typeof raw.actionItems === "string" ? raw.actionItems.split(/\r?\n/) : [] },
    }),
  );
  if (result.ok) revalidatePath(`/p/${raw.projectSlug}/incidents/review/${raw.month}`);
  return result;
}
