// Per-test data: every call makes fresh users and projects with unique names, so tests in one
// file never depend on each other's rows.
import crypto from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/auth/passwords";
import type { UserActor } from "@/lib/server/auth/actor";
import type { ProjectRole } from "@/lib/auth/permissions";

export const TEST_PASSWORD = "correct horse battery";

const unique = () => crypto.randomBytes(5).toString("hex");

export async function makeUser(options: { isInstanceAdmin?: boolean; disabled?: boolean; email?: string } = {}): Promise<UserActor> {
  const db = await prisma();
  const user = await db.user.create({
    data: {
      email: options.email ?? `user-${unique()}@example.test`,
      name: "Test User",
      passwordHash: await hashPassword(TEST_PASSWORD),
      isInstanceAdmin: options.isInstanceAdmin ?? false,
      disabledAt: options.disabled ? new Date() : null,
    },
  });
  return { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}

/** A project with one member per role (and the given extra members). */
export async function makeProject() {
  const db = await prisma();
  const members = {} as Record<ProjectRole, UserActor>;
  for (const role of ["reviewer", "qa_lead", "ml_engineer", "admin"] as const) members[role] = await makeUser();
  const slug = `proj-${unique()}`;
  const project = await db.project.create({
    data: {
      slug,
      name: `Project ${slug}`,
      memberships: { create: Object.entries(members).map(([role, user]) => ({ userId: user.userId, role: role as ProjectRole })) },
    },
  });
  return { project, members, outsider: await makeUser() };
}
