import "server-only";
import { prisma } from "@/lib/server/db/client";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { hashPassword, PASSWORD_MIN_LENGTH } from "@/lib/server/auth/passwords";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import type { Actor } from "@/lib/server/auth/actor";
import type { ProjectRole } from "@/lib/auth/permissions";
import { normaliseExpertiseTags } from "@/lib/review/expertise";

export async function listMembers(input: { actor: Actor; projectSlug: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "members:read" });
  const db = await prisma();
  const members = await db.membership.findMany({
    where: { projectId: project.id },
    include: { user: { select: { email: true, name: true, disabledAt: true } } },
    orderBy: { createdAt: "asc" },
  });
  return members.map((m) => ({
    id: m.id,
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    disabled: m.user.disabledAt !== null,
    role: m.role,
    expertise: m.expertise,
  }));
}

/**
 * Adds a person to the project. A new email creates the user, which needs an initial password
 * (they can sign in with it at once); an existing user keeps theirs.
 */
export async function addMember(input: {
  actor: Actor;
  projectSlug: string;
  email: string;
  name?: string | null;
  role: ProjectRole;
  expertise: string[];
  initialPassword?: string | null;
}) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "members:manage" });
  const db = await prisma();
  const email = input.email.trim().toLowerCase();
  let user = await db.user.findUnique({ where: { email } });
  if (!user) {
    if (!input.initialPassword || input.initialPassword.length < PASSWORD_MIN_LENGTH) {
      throw new ValidationError([
        { field: "initialPassword", message: `a new user needs an initial password of at least ${PASSWORD_MIN_LENGTH} characters` },
      ]);
    }
    user = await db.user.create({ data: { email, name: input.name ?? null, passwordHash: await hashPassword(input.initialPassword) } });
  }
  const existing = await db.membership.findUnique({ where: { projectId_userId: { projectId: project.id, userId: user.id } } });
  if (existing) throw new ConflictError(`${email} is already a member of this project.`, "email");
  const membership = await db.membership.create({
    data: { projectId: project.id, userId: user.id, role: input.role, expertise: normaliseExpertiseTags(input.expertise) },
  });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "member.added", target: { type: "user", id: user.id }, summary: `Added ${email} as ${input.role}`, details: { role: input.role, expertise: membership.expertise } });
  return membership;
}

export async function updateMember(input: {
  actor: Actor;
  projectSlug: string;
  membershipId: string;
  role: ProjectRole;
  expertise: string[];
}) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "members:manage" });
  const db = await prisma();
  const result = await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { id: input.membershipId, projectId: project.id } });
    if (!member) throw new NotFoundError("Member not found");
    if (member.role === "admin" && input.role !== "admin") await ensureAnotherAdmin(tx, project.id, member.id);
    const updated = await tx.membership.update({ where: { id: member.id, projectId: project.id }, data: { role: input.role, expertise: normaliseExpertiseTags(input.expertise) } });
    return { before: member, updated };
  });
  const { before, updated } = result;
  if (before.role !== updated.role || before.expertise.join(",") !== updated.expertise.join(",")) {
    await recordAuditEvent({
      projectId: project.id,
      actor: input.actor,
      action: "member.changed",
      target: { type: "user", id: updated.userId },
      summary: before.role !== updated.role ? `Role ${before.role} → ${updated.role}` : "Expertise changed",
      details: { before: { role: before.role, expertise: before.expertise }, after: { role: updated.role, expertise: updated.expertise } },
    });
  }
  return updated;
}

export async function removeMember(input: { actor: Actor; projectSlug: string; membershipId: string }): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "members:manage" });
  const db = await prisma();
  const removed = await db.$transaction(async (tx) => {
    const member = await tx.membership.findFirst({ where: { id: input.membershipId, projectId: project.id } });
    if (!member) throw new NotFoundError("Member not found");
    if (member.role === "admin") await ensureAnotherAdmin(tx, project.id, member.id);
    await tx.membership.delete({ where: { id: member.id, projectId: project.id } });
    return member;
  });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "member.removed", target: { type: "user", id: removed.userId }, summary: `Removed a ${removed.role}`, details: { role: removed.role } });
}

type Tx = Parameters<Parameters<Awaited<ReturnType<typeof prisma>>["$transaction"]>[0]>[0];

// A project without an admin could never be managed again.
async function ensureAnotherAdmin(tx: Tx, projectId: string, exceptMembershipId: string) {
  const others = await tx.membership.count({ where: { projectId, role: "admin", id: { not: exceptMembershipId } } });
  if (others === 0) throw new ConflictError("A project needs at least one admin: make someone else admin first.", "role");
}

