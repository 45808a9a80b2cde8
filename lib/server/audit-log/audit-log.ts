// The audit log: one append-only table of who did what (decision 029). Domain functions call
// recordAuditEvent after (or in the same transaction as) the change they log; the table refuses
// updates, so an entry once written stays as written.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeInstance, authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor, UserActor } from "@/lib/server/auth/actor";

export type AuditEvent = {
  projectId: string | null;
  actor: Actor | { kind: "anonymous"; label: string } | { kind: "system" };
  action: string;
  target?: { type: string; id: string };
  summary: string;
  details?: Record<string, unknown>;
  address?: string | null;
};

function actorColumns(actor: AuditEvent["actor"]) {
  switch (actor.kind) {
    case "user":
      return { actorUserId: actor.userId, actorKeyId: null, actorLabel: actor.email };
    case "apiKey":
      return { actorUserId: null, actorKeyId: actor.apiKeyId, actorLabel: `API key ${actor.apiKeyId}` };
    case "anonymous":
      return { actorUserId: null, actorKeyId: null, actorLabel: actor.label };
    case "system":
      return { actorUserId: null, actorKeyId: null, actorLabel: "Assay (automatic)" };
  }
}

export async function recordAuditEvent(event: AuditEvent): Promise<void> {
  const db = await prisma();
  await db.auditLogEntry.create({
    data: {
      projectId: event.projectId,
      ...actorColumns(event.actor),
      action: event.action,
      targetType: event.target?.type ?? null,
      targetId: event.target?.id ?? null,
      summary: event.summary,
      details: (event.details ?? {}) as object,
      address: event.address ?? null,
    },
  });
}

const SELECT = { id: true, actorLabel: true, action: true, targetType: true, targetId: true, summary: true, details: true, address: true, createdAt: true } as const;

/** A project's entries, newest first, for its admins. */
export async function listProjectAuditLog(input: { actor: Actor; projectSlug: string; action?: string; before?: Date; limit?: number }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "auditLog:read" });
  const db = await prisma();
  return db.auditLogEntry.findMany({
    where: { projectId: project.id, ...(input.action ? { action: { startsWith: input.action } } : {}), ...(input.before ? { createdAt: { lt: input.before } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(input.limit ?? 500, 5000),
    select: SELECT,
  });
}

/** Instance-wide entries (sign-ins, user administration), for instance admins. */
export async function listInstanceAuditLog(input: { actor: UserActor; action?: string; limit?: number }) {
  authorizeInstance(input.actor, "instanceAuditLog:read");
  const db = await prisma();
  return db.auditLogEntry.findMany({
    where: { projectId: null, ...(input.action ? { action: { startsWith: input.action } } : {}) },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: Math.min(input.limit ?? 500, 5000),
    select: SELECT,
  });
}
