import "server-only";
import { prisma } from "@/lib/server/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { dummyPasswordHash, hashPassword, verifyPassword, PASSWORD_MIN_LENGTH } from "@/lib/server/auth/passwords";
import type { Actor, UserActor } from "@/lib/server/auth/actor";
import { authorizeInstance } from "@/lib/server/auth/authorize";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";

export type PasswordSignInResult =
  | { ok: true; user: UserActor }
  | { ok: false; reason: "invalid_credentials" | "disabled" };

function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

function requireInstanceAdmin(actor: Actor): void {
  authorizeInstance(actor, "users:manage");
}

function checkPassword(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH) {
    throw new ValidationError([{ field: "password", message: `must be at least ${PASSWORD_MIN_LENGTH} characters` }]);
  }
}

export async function authenticateWithPassword(input: { email: string; password: string }): Promise<PasswordSignInResult> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { email: normaliseEmail(input.email) } });
  // Compare even without a user so that timing does not reveal which emails exist.
  const hash = user?.passwordHash ?? (await dummyPasswordHash());
  const matches = await verifyPassword(input.password, hash);
  if (!user || !user.passwordHash || !matches) return { ok: false, reason: "invalid_credentials" };
  if (user.disabledAt) return { ok: false, reason: "disabled" };
  return { ok: true, user: toActor(user) };
}

function toActor(user: { id: string; email: string; name: string | null; isInstanceAdmin: boolean }): UserActor {
  return { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}

/** The acting user behind a session, or null when the user is gone or disabled (sessions end at once). */
/**
 * The user of a session, or null when gone, disabled, or signed out since: `sessionVersion` is the
 * version the session token was issued under (decision 012).
 */
export async function findActiveUser(userId: string, sessionVersion = 0): Promise<UserActor | null> {
  const db = await prisma();
  const user = await db.user.findUnique({ where: { id: userId } });
  if (!user || user.disabledAt || user.sessionVersion !== sessionVersion) return null;
  return toActor(user);
}

/** The version new session tokens of this user carry (0 for an unknown user). */
export async function readSessionVersion(userId: string): Promise<number> {
  const user = await (await prisma()).user.findUnique({ where: { id: userId }, select: { sessionVersion: true } });
  return user?.sessionVersion ?? 0;
}

/** Signs the user out everywhere: every session token issued so far stops working (sign-out, decision 012). */
export async function endUserSessions(userId: string): Promise<void> {
  await (await prisma()).user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

export async function countUsers(): Promise<number> {
  return (await prisma()).user.count();
}

/** The first visitor of an empty instance becomes its admin; refused once anyone exists. */
export async function createFirstAdmin(input: { email: string; name: string; password: string }): Promise<UserActor> {
  checkPassword(input.password);
  const db = await prisma();
  const passwordHash = await hashPassword(input.password);
  return db.$transaction(async (tx) => {
    // Serialises concurrent first visitors: only one of them may find the instance empty.
    await tx.$executeRawUnsafe("SELECT pg_advisory_xact_lock(4242001)");
    if ((await tx.user.count()) > 0) throw new ConflictError("This instance already has an administrator.");
    const user = await tx.user.create({
      data: { email: normaliseEmail(input.email), name: input.name, passwordHash, isInstanceAdmin: true },
    });
    await tx.auditLogEntry.create({ data: { projectId: null, actorUserId: user.id, actorLabel: user.email, action: "user.created", targetType: "user", targetId: user.id, summary: "Created the first administrator" } });
    return toActor(user);
  });
}

export async function createUser(input: {
  actor: Actor;
  email: string;
  name?: string | null;
  password: string;
  isInstanceAdmin?: boolean;
}): Promise<{ id: string; email: string }> {
  requireInstanceAdmin(input.actor);
  checkPassword(input.password);
  const db = await prisma();
  const email = normaliseEmail(input.email);
  if (await db.user.findUnique({ where: { email } })) throw new ConflictError("A user with this email exists.", "email");
  const user = await db.user.create({
    data: { email, name: input.name ?? null, passwordHash: await hashPassword(input.password), isInstanceAdmin: input.isInstanceAdmin ?? false },
  });
  await recordAuditEvent({ projectId: null, actor: input.actor, action: "user.created", target: { type: "user", id: user.id }, summary: `Created ${email}${user.isInstanceAdmin ? " (instance admin)" : ""}` });
  return { id: user.id, email: user.email };
}

export async function setUserDisabled(input: { actor: Actor; userId: string; disabled: boolean }): Promise<void> {
  requireInstanceAdmin(input.actor);
  if (input.actor.kind === "user" && input.actor.userId === input.userId && input.disabled) {
    throw new ConflictError("You cannot disable your own account.");
  }
  const db = await prisma();
  const { count } = await db.user.updateMany({
    where: { id: input.userId },
    data: { disabledAt: input.disabled ? new Date() : null },
  });
  if (count === 0) throw new NotFoundError("User not found");
  await recordAuditEvent({ projectId: null, actor: input.actor, action: input.disabled ? "user.disabled" : "user.enabled", target: { type: "user", id: input.userId }, summary: input.disabled ? "Disabled a user" : "Re-enabled a user" });
}

export async function listUsers(input: { actor: Actor }) {
  requireInstanceAdmin(input.actor);
  const db = await prisma();
  return db.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, name: true, isInstanceAdmin: true, disabledAt: true, createdAt: true, _count: { select: { memberships: true } } },
  });
}

/**
 * Links an OIDC identity to a user: an existing link, else the user with the same email if the
 * provider verified it, else (when ASSAY_OIDC_AUTO_CREATE=1, again only for a verified email) a new
 * user without a password. An unverified email links nothing: with a lax provider anyone could
 * claim an admin's address. Disabled users are refused.
 */
export async function findOrLinkOidcUser(input: {
  provider: string;
  providerAccountId: string;
  email: string | null;
  /** The provider's `email_verified` claim (lib/auth/oidc.ts oidcIdentityFromProfile). */
  emailVerified: boolean;
  name: string | null;
}): Promise<UserActor | null> {
  const db = await prisma();
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider: input.provider, providerAccountId: input.providerAccountId } },
    include: { user: true },
  });
  if (linked) return linked.user.disabledAt ? null : toActor(linked.user);
  if (!input.email || !input.emailVerified) return null;
  const email = normaliseEmail(input.email);
  let user = await db.user.findUnique({ where: { email } });
  if (!user) {
    if (process.env.ASSAY_OIDC_AUTO_CREATE !== "1") return null;
    user = await db.user.create({ data: { email, name: input.name } });
  }
  if (user.disabledAt) return null;
  await db.account.create({ data: { userId: user.id, provider: input.provider, providerAccountId: input.providerAccountId } });
  return toActor(user);
}
