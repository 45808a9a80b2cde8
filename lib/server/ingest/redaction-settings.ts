// The project's PII redaction settings (Project.redaction), read and written by its admins and
// ML engineers; ingest applies them (lib/ingest/redaction.ts) before anything is stored.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { readRedactionSettings, redactionSettingsSchema, type RedactionSettings } from "@/lib/ingest/redaction";

export async function getRedactionSettings(input: { actor: Actor; projectSlug: string }): Promise<RedactionSettings> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "redaction:edit" });
  const db = await prisma();
  const row = await db.project.findUniqueOrThrow({ where: { id: project.id }, select: { redaction: true } });
  return readRedactionSettings(row.redaction);
}

export async function updateRedactionSettings(input: { actor: Actor; projectSlug: string; settings: RedactionSettings }): Promise<RedactionSettings> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "redaction:edit" });
  const settings = redactionSettingsSchema.parse(input.settings);
  const db = await prisma();
  await db.project.update({ where: { id: project.id }, data: { redaction: settings } });
  return settings;
}
