import "server-only";
import crypto from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { recordAuditEvent } from "@/lib/server/audit-log/audit-log";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { NotFoundError } from "@/lib/server/errors";
import { actorUserId, type Actor, type ApiKeyActor } from "@/lib/server/auth/actor";
import type { ApiKeyScope } from "@/lib/auth/permissions";

const KEY_PREFIX = "assay_";

// Keys carry 256 random bits, so a fast unsalted SHA-256 is enough to make a leaked table
// useless while keeping the per-request lookup a single indexed read.
export function hashApiKey(secret: string): string {
  return crypto.createHash("sha256").update(secret).digest("hex");
}

/** Creates a key; the secret is returned this once and only its hash is stored. */
export async function createApiKey(input: { actor: Actor; projectSlug: string; name: string; scopes: ApiKeyScope[] }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "apiKeys:manage" });
  const key = await insertApiKey({ projectId: project.id, name: input.name, scopes: input.scopes, createdById: actorUserId(input.actor) });
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "api_key.created", target: { type: "api_key", id: key.id }, summary: `Created key "${key.name}" (${key.prefix}…, ${key.scopes.join(", ")})`, details: { scopes: key.scopes } });
  return key;
}

/** Also used by headless initialisation, which has no acting user. */
export async function insertApiKey(input: { projectId: string; name: string; scopes: ApiKeyScope[]; createdById: string | null; secret?: string }) {
  const secret = input.secret ?? KEY_PREFIX + crypto.randomBytes(32).toString("base64url");
  const db = await prisma();
  const key = await db.apiKey.create({
    data: {
      projectId: input.projectId,
      name: input.name,
      scopes: [...new Set(input.scopes)].sort(),
      prefix: secret.slice(0, KEY_PREFIX.length + 6),
      hash: hashApiKey(secret),
      createdById: input.createdById,
    },
  });
  return { id: key.id, name: key.name, scopes: key.scopes, prefix: key.prefix, secret };
}

export async function listApiKeys(input: { actor: Actor; projectSlug: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "apiKeys:manage" });
  const db = await prisma();
  return db.apiKey.findMany({
    where: { projectId: project.id },
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, scopes: true, createdAt: true, lastUsedAt: true, revokedAt: true, createdBy: { select: { email: true } } },
  });
}

export async function revokeApiKey(input: { actor: Actor; projectSlug: string; apiKeyId: string }): Promise<void> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "apiKeys:manage" });
  const db = await prisma();
  const { count } = await db.apiKey.updateMany({
    where: { id: input.apiKeyId, projectId: project.id, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (count === 0) {
    const exists = await db.apiKey.findFirst({ where: { id: input.apiKeyId, projectId: project.id }, select: { id: true } });
    if (!exists) throw new NotFoundError("API key not found");
    return;
  }
  await recordAuditEvent({ projectId: project.id, actor: input.actor, action: "api_key.revoked", target: { type: "api_key", id: input.apiKeyId }, summary: "Revoked an API key" });
}

/** The actor behind a bearer secret, or null for an unknown or revoked key. */
export async function authenticateApiKey(secret: string): Promise<ApiKeyActor | null> {
  if (!secret.startsWith(KEY_PREFIX)) return null;
  const db = await prisma();
  const key = await db.apiKey.findUnique({ where: { hash: hashApiKey(secret) } });
  if (!key || key.revokedAt) return null;
  // Recording every use would add a write to each ingest batch; once a minute is enough to see activity.
  if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > 60_000) {
    await db.apiKey.update({ where: { id: key.id, projectId: key.projectId }, data: { lastUsedAt: new Date() } });
  }
  return { kind: "apiKey", apiKeyId: key.id, projectId: key.projectId, scopes: key.scopes };
}
