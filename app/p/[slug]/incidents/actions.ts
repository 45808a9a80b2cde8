"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { changeIncidentStatus, commentOnIncident, createIncident, linkToIncident, updateIncident, updateIncidentSla } from "@/lib/server/incidents/incidents";
import { signOffMonth } from "@/lib/server/incidents/monthly-review";
import { zonedLocalToInstant } from "@/lib/incidents/local-time";

// Forms send text; the domain functions validate the fields themselves (naming each one).
const envelope = z.object({ incidentId: z.string().optional(), timeZone: z.string().default("UTC") }).passthrough();

/** "id1, id2\nid3" → ["id1", "id2", "id3"]. */
const splitIds = (text: unknown) => (typeof text === "string" ? text.split(/[\s,]+/).filter(Boolean) : []);

/** A datetime-local value read in the project's time zone; anything else passes through to be refused by name. */
function detectedAt(value: unknown, timeZone: string) {
  if (typeof value !== "string" || !value) return value;
  return zonedLocalToInstant(value, timeZone)?.toISOString() ?? value;
}

const incidentPage = (projectSlug: string, incidentId: string | undefined) => `/p/${projectSlug}/incidents/${incidentId ?? ""}`;

export const createIncidentAction = projectAction({ permission: "incidents:manage", input: envelope }, async ({ actor, projectSlug, input: raw }): Promise<{ id: string }> => {
  const created = await createIncident({
    actor,
    projectSlug,
    fields: { ...raw, detectedAt: detectedAt(raw.detectedAt, raw.timeZone), ownerId: raw.ownerId || null, outputIds: splitIds(raw.outputIds) },
  });
  redirect(`/p/${projectSlug}/incidents/${created.id}`);
});

export const updateIncidentAction = projectAction({ permission: "incidents:manage", input: envelope }, async ({ actor, projectSlug, input: raw }) => {
  const updated = await updateIncident({
    actor,
    projectSlug,
    incidentId: raw.incidentId ?? "",
    fields: { title: raw.title, description: raw.description ?? "", kind: raw.kind, severity: raw.severity, category: raw.category, ownerId: raw.ownerId || null, detectedAt: detectedAt(raw.detectedAt, raw.timeZone) },
    comment: typeof raw.comment === "string" ? raw.comment : null,
  });
  revalidatePath(incidentPage(projectSlug, raw.incidentId));
  return updated;
});

export const changeStatusAction = projectAction({ permission: "incidents:manage", input: envelope }, async ({ actor, projectSlug, input: raw }) => {
  const changed = await changeIncidentStatus({
    actor,
    projectSlug,
    incidentId: raw.incidentId ?? "",
    change: { to: raw.to, rootCause: raw.rootCause, resolution: raw.resolution, closeReason: raw.closeReason || undefined, comment: raw.comment },
  });
  revalidatePath(incidentPage(projectSlug, raw.incidentId));
  return changed;
});

export const commentAction = projectAction({ permission: "incidents:manage", input: envelope }, async ({ actor, projectSlug, input: raw }) => {
  const comment = await commentOnIncident({ actor, projectSlug, incidentId: raw.incidentId ?? "", comment: String(raw.comment ?? "") });
  revalidatePath(incidentPage(projectSlug, raw.incidentId));
  return comment;
});

export const linkAction = projectAction({ permission: "incidents:manage", input: envelope }, async ({ actor, projectSlug, input: raw }) => {
  const linked = await linkToIncident({ actor, projectSlug, incidentId: raw.incidentId ?? "", links: { outputIds: splitIds(raw.outputIds), labelIds: splitIds(raw.labelIds) } });
  revalidatePath(incidentPage(projectSlug, raw.incidentId));
  return linked;
});

export const updateSlaAction = projectAction({ permission: "incidents:manage", input: envelope }, async ({ actor, projectSlug, input: raw }): Promise<unknown> => {
  const sla = await updateIncidentSla({ actor, projectSlug, slaHours: { S1: raw.S1, S2: raw.S2, S3: raw.S3, S4: raw.S4 } });
  revalidatePath(`/p/${projectSlug}/incidents`);
  return sla;
});

export const signOffAction = projectAction({ permission: "monthlyReview:signOff", input: envelope.extend({ month: z.string() }) }, async ({ actor, projectSlug, input: raw }) => {
  const signed = await signOffMonth({
    actor,
    projectSlug,
    month: raw.month,
    signOff: { notes: raw.notes ?? "", actionItems: typeof raw.actionItems === "string" ? raw.actionItems.split(/\r?\n/) : [] },
  });
  revalidatePath(`/p/${projectSlug}/incidents/review/${raw.month}`);
  return signed;
});
