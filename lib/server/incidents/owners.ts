// Members who can own an incident (those who manage incidents), for the owner fields and filters.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { rolesWithPermission } from "@/lib/auth/permissions";
import type { Actor } from "@/lib/server/auth/actor";
import { authorizeIncidents } from "./access";

export async function listIncidentOwners(input: { actor: Actor; projectSlug: string }) {
  const access = await authorizeIncidents(input.actor, input.projectSlug, "incidents:read");
  const db = await prisma();
  const members = await db.membership.findMany({
    where: { projectId: access.project.id, role: { in: rolesWithPermission("incidents:manage") } },
    select: { userId: true, user: { select: { name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return members.map((m) => ({ userId: m.userId, name: m.user.name ?? m.user.email }));
}
