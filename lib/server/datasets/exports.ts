// Exporting a version: authorize, log the export (who, which version, format, when), and hand back
// the streamed file. Every format reads the frozen rows, so an export is the same bytes every time.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { NotFoundError, ValidationError } from "@/lib/server/errors";
import { exportVersion, type ExportStream } from "@/lib/datasets/export";
import { EXPORT_FORMATS, type DatasetRow, type ExportFormat } from "@/lib/datasets/types";
import { findVersion, readVersionJsonl, readVersionRows, versionInfo, type StoredVersion } from "./versions";

export type ExportVia = "ui" | "api" | "cli";

export function parseExportFormat(value: unknown): ExportFormat {
  if (typeof value === "string" && (EXPORT_FORMATS as readonly string[]).includes(value)) return value as ExportFormat;
  throw new ValidationError([{ field: "format", message: `choose a format: ${EXPORT_FORMATS.join(", ")}` }]);
}

export function parseVersionNumber(value: unknown): number {
  const n = typeof value === "number" ? value : typeof value === "string" && /^\d{1,9}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(n) || n < 1) throw new ValidationError([{ field: "version", message: "a version is a whole number from 1" }]);
  return n;
}

/** Logs the export and returns its stream; the caller has authorized (or is the operator's CLI). */
export async function openExport(input: {
  projectId: string;
  projectName: string;
  version: StoredVersion;
  format: ExportFormat;
  via: ExportVia;
  userId: string | null;
  apiKeyId: string | null;
  /** Called with the number of rows read so far (for a progress bar). */
  onProgress?: (rows: number) => void;
}): Promise<ExportStream & { rowCount: number; sha256: string }> {
  const db = await prisma();
  await db.datasetExport.create({ data: { projectId: input.projectId, versionId: input.version.id, format: input.format, via: input.via, userId: input.userId, apiKeyId: input.apiKeyId } });
  const scope = { projectId: input.projectId, versionId: input.version.id };
  let read = 0;
  const progress = input.onProgress;
  const counted = async function* (rows: AsyncIterable<DatasetRow>) {
    for await (const row of rows) {
      yield row;
      if (progress && ++read % 1000 === 0) progress(read);
    }
    progress?.(read);
  };
  const stream = exportVersion(
    input.format,
    versionInfo(input.version, input.projectName),
    (split) => (progress ? counted(readVersionRows({ ...scope, split })) : readVersionRows({ ...scope, split })),
    () => readVersionJsonl({ ...scope, onLines: progress ? (n) => progress((read += n)) : undefined }),
  );
  return { ...stream, rowCount: input.version.rowCount, sha256: input.version.sha256 };
}

/** The export of one version for a signed-in user or an `export`-scoped API key. */
export async function exportDatasetVersion(input: { projectSlug?: string; projectId?: string; actor: Actor; datasetId: string; version: unknown; format: unknown; via: ExportVia }) {
  const format = parseExportFormat(input.format);
  const versionNumber = parseVersionNumber(input.version);
  const db = await prisma();
  // An API key names no project: the dataset's project is checked against the key's own.
  let projectRef: { slug: string } | { id: string };
  if (input.projectSlug) projectRef = { slug: input.projectSlug };
  else if (input.projectId) projectRef = { id: input.projectId };
  else if (input.actor.kind === "apiKey") projectRef = { id: input.actor.projectId };
  else {
    // A user downloading by dataset id: the dataset names its project, and authorizeProject decides.
    const dataset = await db.dataset.findUnique({ where: { id: input.datasetId }, select: { projectId: true } });
    if (!dataset) throw new NotFoundError("Dataset not found");
    projectRef = { id: dataset.projectId };
  }
  const { project } = await authorizeProject({ actor: input.actor, project: projectRef, permission: "datasets:export" });
  const version = await findVersion(db, { projectId: project.id, datasetId: input.datasetId, version: versionNumber });
  if (!version) throw new NotFoundError("Dataset version not found");
  return openExport({
    projectId: project.id,
    projectName: project.name,
    version,
    format,
    via: input.via,
    userId: input.actor.kind === "user" ? input.actor.userId : null,
    apiKeyId: input.actor.kind === "apiKey" ? input.actor.apiKeyId : null,
  });
}

export async function listExports(input: { projectSlug: string; actor: Actor; datasetId: string; limit?: number }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:read" });
  const db = await prisma();
  const rows = await db.datasetExport.findMany({
    where: { projectId: project.id, version: { datasetId: input.datasetId, projectId: project.id } },
    orderBy: { createdAt: "desc" },
    take: input.limit ?? 20,
    select: { id: true, format: true, via: true, userId: true, apiKeyId: true, createdAt: true, version: { select: { version: true } } },
  });
  const userIds = [...new Set(rows.map((r) => r.userId).filter((id): id is string => !!id))];
  const keyIds = [...new Set(rows.map((r) => r.apiKeyId).filter((id): id is string => !!id))];
  const [users, keys] = await Promise.all([
    userIds.length ? db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, name: true, email: true } }) : [],
    keyIds.length ? db.apiKey.findMany({ where: { id: { in: keyIds }, projectId: project.id }, select: { id: true, name: true } }) : [],
  ]);
  const userName = new Map(users.map((u) => [u.id, u.name ?? u.email]));
  const keyName = new Map(keys.map((k) => [k.id, k.name]));
  return rows.map((r) => ({
    id: r.id, format: r.format, via: r.via, version: r.version.version, createdAt: r.createdAt,
    by: r.userId ? (userName.get(r.userId) ?? "a former user") : r.apiKeyId ? `API key "${keyName.get(r.apiKeyId) ?? "revoked"}"` : "operator (CLI)",
  }));
}
