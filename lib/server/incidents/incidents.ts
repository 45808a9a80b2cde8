// The incident register: record by hand, update, change status, comment, link outputs and labels,
// list and read. Every statement is scoped by the project; every change lands in the timeline.
import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/server/db/client";
import { NotFoundError, ValidationError, zodIssues, type FieldIssue } from "@/lib/server/errors";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { userDisplayNames } from "@/lib/server/review/items";
import { allowedTransitions, applyTransition, derivedDurations, readSlaHours, slaAgeing } from "@/lib/incidents/lifecycle";
import { findMentions } from "@/lib/incidents/mentions";
import { isMonthKey, monthKeyAt, monthRange } from "@/lib/incidents/monthly";
import {
  CLOSE_REASONS,
  INCIDENT_CATEGORIES,
  INCIDENT_KINDS,
  INCIDENT_STATUSES,
  SEVERITIES,
  type CloseReason,
  type IncidentStatus,
  type Severity,
  type SlaHours,
} from "@/lib/incidents/types";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { authorizeIncidents, incidentScope, type IncidentAccess } from "./access";
import { assertMonthOpen, signedOffMonth } from "./month-lock";
import { listIncidentNotifications, queueIncidentNotifications } from "./notifications";
import { notifyJobsEnqueued } from "@/lib/server/jobs/queue";
import {
  assignedNotification,
  bulkOpenedNotification,
  escalatedIntoUrgent,
  escalatedNotification,
  isUrgent,
  mentionedNotification,
  openedNotification,
  type IncidentNotification,
} from "@/lib/incidents/notifications";

type Tx = Prisma.TransactionClient | PrismaClient;

const actorName = (actor: Actor) => (actor.kind === "user" ? (actor.name ?? actor.email) : "an API key");

/** Queues the change's notifications in its transaction; returns whether any is new (wake the runner after the commit). */
async function notify(tx: Prisma.TransactionClient, projectId: string, notifications: IncidentNotification[], at: Date): Promise<boolean> {
  if (notifications.length === 0) return false;
  return (await queueIncidentNotifications(tx, projectId, notifications, at)) > 0;
}

function afterCommit<T>(result: { value: T; notified: boolean }): T {
  if (result.notified) notifyJobsEnqueued();
  return result.value;
}

function parse<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(zodIssues(result.error));
  return result.data;
}

/** The next INC number of a project; the advisory lock serialises concurrent creators. */
export async function nextIncidentNumber(tx: Prisma.TransactionClient, projectId: string): Promise<number> {
  await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) l`, `incident-number:${projectId}`);
  const [row] = await tx.$queryRawUnsafe<{ next: number }[]>(`SELECT (COALESCE(MAX(number), 0) + 1)::int AS next FROM "Incident" WHERE "projectId" = $1`, projectId);
  return row.next;
}

export async function readProjectSla(db: Tx, projectId: string): Promise<SlaHours> {
  const settings = await db.incidentSettings.findUnique({ where: { projectId }, select: { slaHours: true } });
  return readSlaHours(settings?.slaHours ?? null);
}

/** Outputs of the project by id or by the caller's external id; unknown ones are a field error. */
async function resolveOutputs(db: Tx, projectId: string, ids: string[], field: string): Promise<{ id: string; externalId: string }[]> {
  if (ids.length === 0) return [];
  const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
  const found = await db.loggedOutput.findMany({
    where: { projectId, OR: [{ externalId: { in: ids } }, ...(uuids.length ? [{ id: { in: uuids } }] : [])] },
    select: { id: true, externalId: true },
  });
  const known = new Set(found.flatMap((o) => [o.id, o.externalId]));
  const unknown = ids.filter((id) => !known.has(id));
  if (unknown.length) throw new ValidationError([{ field, message: `no output with id ${unknown.slice(0, 5).join(", ")}${unknown.length > 5 ? ", …" : ""} in this project` }]);
  return found;
}

async function assertMember(db: Tx, projectId: string, userId: string | null | undefined, field: string) {
  if (!userId) return;
  const member = await db.membership.findUnique({ where: { projectId_userId: { projectId, userId } }, select: { id: true } });
  if (!member) throw new ValidationError([{ field, message: "the owner must be a member of this project" }]);
}

const idList = z
  .array(z.string().trim())
  .default([])
  .transform((ids) => [...new Set(ids.filter(Boolean))]);

export const incidentFieldsSchema = z.object({
  title: z.string().trim().min(1, "give the incident a title").max(200, "a title is at most 200 characters"),
  description: z.string().trim().max(10_000, "a description is at most 10,000 characters").default(""),
  kind: z.enum(INCIDENT_KINDS, { message: "choose harm, near miss or boundary violation" }),
  severity: z.enum(SEVERITIES, { message: "choose a severity S1 to S4" }),
  category: z.enum(INCIDENT_CATEGORIES, { message: "choose a category" }),
  ownerId: z.string().trim().nullish().transform((v) => v || null),
  detectedAt: z.coerce.date({ message: "give the date and time it was detected" }),
});

export const createIncidentSchema = incidentFieldsSchema.extend({
  reportedVia: z.string().trim().max(200).nullish().transform((v) => v || null),
  outputIds: idList,
});

export async function createIncident(input: { actor: Actor; projectSlug: string; fields: unknown; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const fields = parse(createIncidentSchema, input.fields);
  const now = input.now ?? new Date();
  if (fields.detectedAt.getTime() > now.getTime() + 60_000) throw new ValidationError([{ field: "detectedAt", message: "the detection time cannot be in the future" }]);
  const projectId = access.project.id;
  const db = await prisma();
  const result = await db.$transaction(async (tx) => {
    await assertMonthOpen(tx, projectId, fields.detectedAt, access.project.timeZone);
    await assertMember(tx, projectId, fields.ownerId, "ownerId");
    const outputs = await resolveOutputs(tx, projectId, fields.outputIds, "outputIds");
    const number = await nextIncidentNumber(tx, projectId);
    const incident = await tx.incident.create({
      data: {
        projectId,
        number,
        title: fields.title,
        description: fields.description,
        kind: fields.kind,
        severity: fields.severity,
        category: fields.category,
        ownerId: fields.ownerId,
        source: "manual",
        reportedVia: fields.reportedVia,
        createdById: actorUserId(input.actor),
        detectedAt: fields.detectedAt,
        outputs: { create: outputs.map((o) => ({ outputId: o.id })) }, // projectId comes from the incident (composite key)
      },
    });
    await tx.incidentTimelineEntry.create({
      data: {
        projectId,
        incidentId: incident.id,
        actorId: actorUserId(input.actor),
        action: "created",
        createdAt: now,
        changes: { kind: { to: fields.kind }, severity: { to: fields.severity }, category: { to: fields.category }, ...(outputs.length ? { outputs: { to: outputs.map((o) => o.externalId) } } : {}) },
        comment: fields.reportedVia ? `Recorded by hand (${fields.reportedVia}).` : "Recorded by hand.",
      },
    });
    const notifications: IncidentNotification[] = [];
    if (isUrgent(incident.severity)) notifications.push(openedNotification(incident, { source: "manual", actor: actorName(input.actor) }));
    if (incident.ownerId) {
      const owner = (await userDisplayNames(tx, [incident.ownerId])).get(incident.ownerId) ?? "a member";
      notifications.push(assignedNotification(incident, { owner, ownerId: incident.ownerId, actor: actorName(input.actor), changeId: "created" }));
    }
    return { value: { id: incident.id, number }, notified: await notify(tx, projectId, notifications, now) };
  });
  return afterCommit(result);
}

/** The incident if the actor may see it, within a transaction or not; else 404. */
async function findVisibleIncident(db: Tx, access: IncidentAccess, incidentId: string) {
  const incident = await db.incident.findFirst({ where: { ...incidentScope(access), id: incidentId } });
  if (!incident) throw new NotFoundError("Incident not found");
  return incident;
}

export const updateIncidentSchema = incidentFieldsSchema.partial();

const TRACKED_FIELDS = ["title", "description", "kind", "severity", "category", "ownerId", "detectedAt"] as const;

export async function updateIncident(input: { actor: Actor; projectSlug: string; incidentId: string; fields: unknown; comment?: string | null; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const fields = parse(updateIncidentSchema, input.fields);
  const projectId = access.project.id;
  const db = await prisma();
  const result = await db.$transaction(async (tx) => {
    const incident = await findVisibleIncident(tx, access, input.incidentId);
    await assertMonthOpen(tx, projectId, incident.detectedAt, access.project.timeZone);
    if (fields.detectedAt) await assertMonthOpen(tx, projectId, fields.detectedAt, access.project.timeZone);
    if (fields.ownerId !== undefined) await assertMember(tx, projectId, fields.ownerId, "ownerId");
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const data: Prisma.IncidentUpdateInput = {};
    for (const key of TRACKED_FIELDS) {
      const to = fields[key];
      if (to === undefined) continue;
      const from = incident[key];
      const same = from instanceof Date && to instanceof Date ? from.getTime() === to.getTime() : from === to;
      if (same) continue;
      changes[key] = { from: from instanceof Date ? from.toISOString() : from, to: to instanceof Date ? to.toISOString() : to };
      (data as Record<string, unknown>)[key] = to;
    }
    if (Object.keys(changes).length === 0) return { value: { changed: false }, notified: false };
    const now = input.now ?? new Date();
    const updated = await tx.incident.update({ where: { id: incident.id, projectId }, data });
    const entry = await tx.incidentTimelineEntry.create({
      data: { projectId, incidentId: incident.id, actorId: actorUserId(input.actor), action: "updated", changes: changes as Prisma.InputJsonValue, comment: input.comment?.trim() || null, createdAt: now },
    });
    // The timeline entry's id makes each change its own notification, and a replay of none.
    const notifications: IncidentNotification[] = [];
    if (changes.severity && escalatedIntoUrgent(incident.severity, updated.severity)) {
      notifications.push(escalatedNotification(updated, { from: incident.severity, actor: actorName(input.actor), changeId: entry.id }));
    }
    if (changes.ownerId && updated.ownerId) {
      const owner = (await userDisplayNames(tx, [updated.ownerId])).get(updated.ownerId) ?? "a member";
      notifications.push(assignedNotification(updated, { owner, ownerId: updated.ownerId, actor: actorName(input.actor), changeId: entry.id }));
    }
    return { value: { changed: true }, notified: await notify(tx, projectId, notifications, now) };
  });
  return afterCommit(result);
}

export const statusChangeSchema = z.object({
  to: z.enum(INCIDENT_STATUSES, { message: "choose a status" }),
  rootCause: z.string().trim().max(5000).nullish(),
  resolution: z.string().trim().max(5000).nullish(),
  closeReason: z.enum(CLOSE_REASONS).optional(),
  comment: z.string().trim().max(5000).nullish(),
});

export async function changeIncidentStatus(input: { actor: Actor; projectSlug: string; incidentId: string; change: unknown; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const change = parse(statusChangeSchema, input.change);
  const now = input.now ?? new Date();
  const projectId = access.project.id;
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const incident = await findVisibleIncident(tx, access, input.incidentId);
    await assertMonthOpen(tx, projectId, incident.detectedAt, access.project.timeZone);
    const result = applyTransition(
      { ...incident, closeReason: incident.closeReason as CloseReason | null },
      { to: change.to, rootCause: change.rootCause, resolution: change.resolution, closeReason: change.closeReason, at: now },
    );
    if (!result.ok) throw new ValidationError(result.issues as FieldIssue[]);
    const { next } = result;
    const changes: Record<string, { from: unknown; to: unknown }> = { status: { from: incident.status, to: next.status } };
    for (const key of ["rootCause", "resolution", "closeReason", "mitigatedAt", "resolvedAt"] as const) {
      const from = incident[key] instanceof Date ? (incident[key] as Date).toISOString() : incident[key];
      const to = next[key] instanceof Date ? (next[key] as Date).toISOString() : next[key];
      if (from !== to) changes[key] = { from, to };
    }
    await tx.incident.update({
      where: { id: incident.id, projectId },
      data: {
        status: next.status,
        mitigatedAt: next.mitigatedAt,
        resolvedAt: next.resolvedAt,
        closedAt: next.closedAt,
        closeReason: next.closeReason,
        rootCause: next.rootCause,
        resolution: next.resolution,
      },
    });
    await tx.incidentTimelineEntry.create({
      data: {
        projectId,
        incidentId: incident.id,
        actorId: actorUserId(input.actor),
        action: incident.status === "closed" && next.status === "open" ? "reopened" : "status",
        createdAt: now,
        changes: changes as Prisma.InputJsonValue,
        comment: change.comment || null,
      },
    });
    return { status: next.status };
  });
}

export async function commentOnIncident(input: { actor: Actor; projectSlug: string; incidentId: string; comment: string; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const comment = parse(z.string().trim().min(1, "write a comment").max(5000, "a comment is at most 5,000 characters"), input.comment);
  const projectId = access.project.id;
  const db = await prisma();
  const result = await db.$transaction(async (tx) => {
    const incident = await findVisibleIncident(tx, access, input.incidentId);
    await assertMonthOpen(tx, projectId, incident.detectedAt, access.project.timeZone);
    const members = await tx.membership.findMany({ where: { projectId }, select: { userId: true, user: { select: { email: true } } } });
    const mentioned = findMentions(comment, members.map((m) => ({ userId: m.userId, email: m.user.email })));
    const now = input.now ?? new Date();
    const entry = await tx.incidentTimelineEntry.create({
      data: { projectId, incidentId: incident.id, actorId: actorUserId(input.actor), action: "comment", comment, mentionedUserIds: mentioned, createdAt: now },
    });
    const names = await userDisplayNames(tx, mentioned);
    const notifications = mentioned.length
      ? [mentionedNotification(incident, { mentioned: mentioned.map((userId) => ({ userId, name: names.get(userId) ?? userId })), actor: actorName(input.actor), comment, commentId: entry.id })]
      : [];
    return { value: { id: entry.id, mentionedUserIds: mentioned }, notified: await notify(tx, projectId, notifications, now) };
  });
  return afterCommit(result);
}

export const linkSchema = z.object({ outputIds: idList, labelIds: idList });

/** Links outputs (by id or external id) and labels (by id) of this project to an incident. */
export async function linkToIncident(input: { actor: Actor; projectSlug: string; incidentId: string; links: unknown }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const links = parse(linkSchema, input.links);
  if (links.outputIds.length + links.labelIds.length === 0) throw new ValidationError([{ field: "outputIds", message: "give at least one output or label id" }]);
  const projectId = access.project.id;
  const db = await prisma();
  return db.$transaction(async (tx) => {
    const incident = await findVisibleIncident(tx, access, input.incidentId);
    await assertMonthOpen(tx, projectId, incident.detectedAt, access.project.timeZone);
    const outputs = await resolveOutputs(tx, projectId, links.outputIds, "outputIds");
    const labels = await tx.label.findMany({ where: { projectId, id: { in: links.labelIds } }, select: { id: true, sampledItemId: true, reviewerId: true, sampledItem: { select: { outputId: true } } } });
    const unknownLabels = links.labelIds.filter((id) => !labels.some((l) => l.id === id));
    if (unknownLabels.length) throw new ValidationError([{ field: "labelIds", message: `no label with id ${unknownLabels.join(", ")} in this project` }]);
    const outputIds = [...new Set([...outputs.map((o) => o.id), ...labels.map((l) => l.sampledItem.outputId)])];
    const addedOutputs = await tx.incidentOutput.createMany({ data: outputIds.map((outputId) => ({ incidentId: incident.id, outputId, projectId })), skipDuplicates: true });
    const addedLabels = await tx.incidentLabel.createMany({
      data: labels.map((l) => ({ incidentId: incident.id, labelId: l.id, projectId, sampledItemId: l.sampledItemId, reviewerId: l.reviewerId, labelKind: "label" })),
      skipDuplicates: true,
    });
    await tx.incidentTimelineEntry.create({
      data: {
        projectId,
        incidentId: incident.id,
        actorId: actorUserId(input.actor),
        action: "linked",
        changes: { outputs: { to: outputs.map((o) => o.externalId) }, labels: { to: labels.map((l) => l.id) } },
      },
    });
    return { outputs: addedOutputs.count, labels: addedLabels.count };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading.

export const SORT_FIELDS = ["detected", "severity", "number"] as const;
export type IncidentSort = { field: (typeof SORT_FIELDS)[number]; direction: "asc" | "desc" };

export const listFiltersSchema = z.object({
  status: z.enum(INCIDENT_STATUSES).optional(),
  severity: z.enum(SEVERITIES).optional(),
  kind: z.enum(INCIDENT_KINDS).optional(),
  category: z.enum(INCIDENT_CATEGORIES).optional(),
  ownerId: z.string().min(1).optional(),
  month: z.string().refine(isMonthKey, "a month is written YYYY-MM").optional(),
  overdue: z.boolean().optional(),
});
export type IncidentListFilters = z.output<typeof listFiltersSchema>;

type Cursor = { value: string | number; id: string };
const encodeCursor = (cursor: Cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url");
function decodeCursor(text: string | null | undefined): Cursor | null {
  if (!text) return null;
  try {
    const parsed = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as Cursor;
    if (typeof parsed.id === "string" && (typeof parsed.value === "string" || typeof parsed.value === "number")) return parsed;
  } catch {
    // fall through
  }
  throw new ValidationError([{ field: "cursor", message: "this page link is no longer valid; start from the first page" }]);
}

/** The keyset condition "after the cursor" in the given order (ties broken by id, same direction). */
function afterCursor(sort: IncidentSort, cursor: Cursor): Prisma.IncidentWhereInput {
  const beyond = sort.direction === "asc" ? "gt" : "lt";
  const idAfter = { id: { [beyond]: cursor.id } };
  if (sort.field === "severity") {
    const index = SEVERITIES.indexOf(cursor.value as Severity);
    const later = sort.direction === "asc" ? SEVERITIES.slice(index + 1) : SEVERITIES.slice(0, Math.max(0, index));
    return { OR: [{ severity: { in: later } }, { severity: cursor.value as Severity, ...idAfter }] };
  }
  if (sort.field === "number") return { OR: [{ number: { [beyond]: cursor.value as number } }, { number: cursor.value as number, ...idAfter }] };
  const at = new Date(cursor.value as string);
  return { OR: [{ detectedAt: { [beyond]: at } }, { detectedAt: at, ...idAfter }] };
}

export async function listIncidents(input: { actor: Actor; projectSlug: string; filters?: unknown; sort?: Partial<IncidentSort>; cursor?: string | null; limit?: number; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug);
  const filters = parse(listFiltersSchema, input.filters ?? {});
  const sort: IncidentSort = { field: input.sort?.field ?? "detected", direction: input.sort?.direction ?? "desc" };
  const limit = Math.min(Math.max(input.limit ?? 25, 1), 200);
  const now = input.now ?? new Date();
  const projectId = access.project.id;
  const db = await prisma();
  const sla = await readProjectSla(db, projectId);
  const where: Prisma.IncidentWhereInput[] = [incidentScope(access)];
  if (filters.status) where.push({ status: filters.status });
  if (filters.severity) where.push({ severity: filters.severity });
  if (filters.kind) where.push({ kind: filters.kind });
  if (filters.category) where.push({ category: filters.category });
  if (filters.ownerId) where.push({ ownerId: filters.ownerId === "none" ? null : filters.ownerId });
  if (filters.month) {
    const range = monthRange(filters.month, access.project.timeZone);
    where.push({ detectedAt: { gte: range.start, lt: range.end } });
  }
  if (filters.overdue) {
    // Overdue: not closed and detected longer ago than its severity's allowance.
    where.push({ status: { not: "closed" }, OR: SEVERITIES.map((severity) => ({ severity, detectedAt: { lt: new Date(now.getTime() - sla[severity] * 3_600_000) } })) });
  }
  const cursor = decodeCursor(input.cursor);
  if (cursor) where.push(afterCursor(sort, cursor));
  const orderField = sort.field === "detected" ? "detectedAt" : sort.field;
  const rows = await db.incident.findMany({
    where: { AND: where },
    orderBy: [{ [orderField]: sort.direction }, { id: sort.direction }],
    take: limit + 1,
    select: {
      id: true,
      number: true,
      title: true,
      kind: true,
      severity: true,
      category: true,
      status: true,
      ownerId: true,
      source: true,
      detectedAt: true,
      mitigatedAt: true,
      resolvedAt: true,
      closeProposal: true,
      _count: { select: { outputs: true } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const names = await userDisplayNames(db, page.flatMap((r) => (r.ownerId ? [r.ownerId] : [])));
  const signed = new Set((await db.monthlyReviewSignOff.findMany({ where: { projectId }, select: { month: true } })).map((s) => s.month));
  return {
    canManage: access.canManage,
    ownOnly: access.ownReviewerId !== null,
    filters,
    sort,
    incidents: page.map((r) => {
      const month = monthKeyAt(r.detectedAt, access.project.timeZone);
      return {
        id: r.id,
        number: r.number,
        title: r.title,
        kind: r.kind,
        severity: r.severity,
        category: r.category,
        status: r.status,
        owner: r.ownerId ? (names.get(r.ownerId) ?? null) : null,
        source: r.source,
        detectedAt: r.detectedAt.toISOString(),
        month,
        locked: signed.has(month),
        outputs: r._count.outputs,
        closeProposed: r.closeProposal !== null && r.status !== "closed",
        overdue: slaAgeing(r, sla, now).overdue,
        ...derivedDurations(r),
      };
    }),
    nextCursor: rows.length > limit && last ? encodeCursor({ value: sort.field === "detected" ? last.detectedAt.toISOString() : sort.field === "severity" ? last.severity : last.number, id: last.id }) : null,
  };
}

export type IncidentListRow = Awaited<ReturnType<typeof listIncidents>>["incidents"][number];

export async function getIncident(input: { actor: Actor; projectSlug: string; incidentId: string; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug);
  const now = input.now ?? new Date();
  const projectId = access.project.id;
  const db = await prisma();
  const incident = await findVisibleIncident(db, access, input.incidentId);
  const [outputs, labels, timeline, sla, signOff, followUp] = await Promise.all([
    db.incidentOutput.findMany({
      where: { projectId, incidentId: incident.id },
      select: { output: { select: { id: true, externalId: true, timestamp: true, taskType: true } } },
      orderBy: { createdAt: "asc" },
    }),
    db.incidentLabel.findMany({ where: { projectId, incidentId: incident.id }, orderBy: { createdAt: "asc" } }),
    db.incidentTimelineEntry.findMany({ where: { projectId, incidentId: incident.id }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] }),
    readProjectSla(db, projectId),
    signedOffMonth(db, projectId, incident.detectedAt, access.project.timeZone),
    incident.followUpOfId ? db.incident.findFirst({ where: { projectId, id: incident.followUpOfId }, select: { id: true, number: true } }) : null,
  ]);
  const people = [
    ...timeline.flatMap((t) => [...(t.actorId ? [t.actorId] : []), ...t.mentionedUserIds]),
    ...labels.flatMap((l) => (l.reviewerId ? [l.reviewerId] : [])),
    ...[incident.ownerId, incident.createdById].filter((id): id is string => !!id),
  ];
  const names = await userDisplayNames(db, people);
  const members =
    access.canManage ? await db.membership.findMany({ where: { projectId }, select: { userId: true, role: true, user: { select: { name: true, email: true } } }, orderBy: { createdAt: "asc" } }) : [];
  const proposal = incident.closeProposal as { reason?: string; adjudicatorId?: string | null; proposedAt?: string; source?: string } | null;
  return {
    id: incident.id,
    number: incident.number,
    title: incident.title,
    description: incident.description,
    kind: incident.kind,
    severity: incident.severity,
    category: incident.category,
    status: incident.status as IncidentStatus,
    ownerId: incident.ownerId,
    owner: incident.ownerId ? (names.get(incident.ownerId) ?? null) : null,
    source: incident.source,
    reportedVia: incident.reportedVia,
    createdBy: incident.createdById ? (names.get(incident.createdById) ?? null) : null,
    detectedAt: incident.detectedAt.toISOString(),
    mitigatedAt: incident.mitigatedAt?.toISOString() ?? null,
    resolvedAt: incident.resolvedAt?.toISOString() ?? null,
    closedAt: incident.closedAt?.toISOString() ?? null,
    rootCause: incident.rootCause,
    resolution: incident.resolution,
    closeReason: incident.closeReason,
    closeProposal:
      proposal && incident.status !== "closed"
        ? { reason: proposal.reason ?? "", adjudicator: proposal.adjudicatorId ? (names.get(proposal.adjudicatorId) ?? null) : null, proposedAt: proposal.proposedAt ?? null, source: proposal.source ?? null }
        : null,
    followUpOf: followUp,
    month: monthKeyAt(incident.detectedAt, access.project.timeZone),
    lockedBySignOff: signOff ? { month: signOff.month, signedAt: signOff.signedAt.toISOString() } : null,
    sla: slaAgeing(incident, sla, now),
    ...derivedDurations(incident),
    allowedTransitions: allowedTransitions(incident.status),
    outputs: outputs.map((o) => ({ id: o.output.id, externalId: o.output.externalId, timestamp: o.output.timestamp.toISOString(), taskType: o.output.taskType })),
    labels: labels.map((l) => ({ labelId: l.labelId, kind: l.labelKind, sampledItemId: l.sampledItemId, reviewer: l.reviewerId ? (names.get(l.reviewerId) ?? null) : null, at: l.createdAt.toISOString() })),
    timeline: timeline.map((t) => ({
      id: t.id,
      action: t.action,
      actor: t.actorId ? (names.get(t.actorId) ?? "a former member") : "Assay (review event)",
      at: t.createdAt.toISOString(),
      changes: (t.changes ?? null) as Record<string, { from?: unknown; to?: unknown }> | null,
      comment: t.comment,
      mentions: t.mentionedUserIds.map((id) => names.get(id) ?? id),
    })),
    canManage: access.canManage,
    // Reviewers seeing their own incidents read-only do not see the delivery state.
    notifications: access.ownReviewerId === null ? await listIncidentNotifications(projectId, incident.id) : null,
    members: members.map((m) => ({ userId: m.userId, name: m.user.name ?? m.user.email, email: m.user.email, role: m.role })),
  };
}

export type IncidentDetail = Awaited<ReturnType<typeof getIncident>>;

// ---------------------------------------------------------------------------------------------
// SLA settings.

export async function getIncidentSettings(input: { actor: Actor; projectSlug: string }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug);
  return { sla: await readProjectSla(await prisma(), access.project.id), canManage: access.canManage };
}

const slaSchema = z.object(
  Object.fromEntries(SEVERITIES.map((s) => [s, z.coerce.number({ message: "hours are a number" }).positive("hours must be above 0").max(24 * 365, "at most a year")])) as Record<
    Severity,
    z.ZodNumber
  >,
);

export async function updateIncidentSla(input: { actor: Actor; projectSlug: string; slaHours: unknown }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const slaHours = parse(slaSchema, input.slaHours);
  const db = await prisma();
  await db.incidentSettings.upsert({
    where: { projectId: access.project.id },
    create: { projectId: access.project.id, slaHours, updatedById: actorUserId(input.actor) },
    update: { slaHours, updatedById: actorUserId(input.actor) },
  });
  return slaHours;
}

// ---------------------------------------------------------------------------------------------
// Bulk: outputs a guardrail blocked become near misses (for the outputs explorer's selection).

export const bulkNearMissSchema = z.object({
  outputIds: z.array(z.string().trim().min(1)).min(1, "choose at least one output").max(1000, "at most 1,000 outputs at a time"),
  severity: z.enum(SEVERITIES).default("S3"),
  category: z.enum(INCIDENT_CATEGORIES).default("other"),
  reportedVia: z.string().trim().min(1).max(200).default("guardrail log"),
});

/**
 * One near miss per output (by id or external id), detected at the output's timestamp; outputs
 * already linked to an incident are skipped, so running it twice on a selection adds nothing.
 */
export async function recordNearMissesFromOutputs(input: { actor: Actor; projectSlug: string; request: unknown; now?: Date }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const request = parse(bulkNearMissSchema, input.request);
  const now = input.now ?? new Date();
  const projectId = access.project.id;
  const db = await prisma();
  const result = await db.$transaction(async (tx) => {
    const outputs = await resolveOutputs(tx, projectId, [...new Set(request.outputIds)], "outputIds");
    const linked = new Set((await tx.incidentOutput.findMany({ where: { projectId, outputId: { in: outputs.map((o) => o.id) } }, select: { outputId: true } })).map((l) => l.outputId));
    const details = await tx.loggedOutput.findMany({ where: { projectId, id: { in: outputs.filter((o) => !linked.has(o.id)).map((o) => o.id) } }, select: { id: true, externalId: true, timestamp: true, taskType: true }, orderBy: { timestamp: "asc" } });
    for (const output of details) await assertMonthOpen(tx, projectId, output.timestamp, access.project.timeZone);
    const created: number[] = [];
    for (const output of details) {
      const number = await nextIncidentNumber(tx, projectId);
      const incident = await tx.incident.create({
        data: {
          projectId,
          number,
          title: `Guardrail blocked: ${output.externalId}${output.taskType ? ` (${output.taskType})` : ""}`,
          kind: "near_miss",
          severity: request.severity,
          category: request.category,
          source: "manual",
          reportedVia: request.reportedVia,
          createdById: actorUserId(input.actor),
          detectedAt: output.timestamp,
          outputs: { create: { outputId: output.id } }, // projectId comes from the incident (composite key)
        },
      });
      await tx.incidentTimelineEntry.create({
        data: { projectId, incidentId: incident.id, actorId: actorUserId(input.actor), action: "created", createdAt: now, changes: { kind: { to: "near_miss" }, severity: { to: request.severity }, outputs: { to: [output.externalId] } }, comment: `Recorded in bulk from blocked outputs (${request.reportedVia}).` },
      });
      created.push(number);
    }
    const notifications =
      created.length && isUrgent(request.severity)
        ? [bulkOpenedNotification({ batchId: `${created[0]}-${created.at(-1)}`, numbers: created, severity: request.severity, kind: "near_miss", actor: actorName(input.actor) })]
        : [];
    return { value: { created: created.length, skipped: outputs.length - details.length, numbers: created }, notified: await notify(tx, projectId, notifications, now) };
  });
  return afterCommit(result);
}

/** Incidents outputs can still be linked to from the explorer: not closed, in a month not signed off; newest first. */
export async function listLinkableIncidents(input: { actor: Actor; projectSlug: string; limit?: number }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:manage");
  const projectId = access.project.id;
  const db = await prisma();
  const [rows, signed] = await Promise.all([
    db.incident.findMany({
      where: { projectId, status: { not: "closed" } },
      orderBy: [{ detectedAt: "desc" }, { id: "desc" }],
      take: input.limit ?? 200,
      select: { id: true, number: true, title: true, severity: true, kind: true, detectedAt: true },
    }),
    db.monthlyReviewSignOff.findMany({ where: { projectId }, select: { month: true } }),
  ]);
  const locked = new Set(signed.map((s) => s.month));
  return rows.filter((r) => !locked.has(monthKeyAt(r.detectedAt, access.project.timeZone))).map((r) => ({ id: r.id, number: r.number, title: r.title, severity: r.severity, kind: r.kind }));
}
