// Dataset versions: creating one freezes its rows (the canonical line of each, in output-id
// order) together with their count and SHA-256, in one transaction, so the version is exactly the
// data as it was at that moment; triggers refuse any later change. Reading a version streams its
// rows in keyset batches, never the whole version in memory.
import "server-only";
import crypto from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { actorUserId, type Actor } from "@/lib/server/auth/actor";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { isUniqueViolation } from "@/lib/server/db/versioned";
import { ensureCurrentRubric } from "@/lib/server/review/rubrics";
import { CanonicalHasher, canonicalJson } from "@/lib/datasets/canonical";
import { buildDatasetRow, type SourceItem, type SourceLabel } from "@/lib/datasets/row";
import { splitNames } from "@/lib/datasets/split";
import { diffVersions, type VersionDiff } from "@/lib/datasets/diff";
import { EMBEDDED_BATCH, nextBatchSize } from "@/lib/datasets/batch-size";
import type { DatasetDefinition, DatasetRow, DimensionInfo, VersionInfo } from "@/lib/datasets/types";
import type { Dimension } from "@/lib/review/rubric";
import { readGoldForDataset } from "./gold-source";
import { copyOutVersionJsonl } from "./copy-out";

type Tx = Prisma.TransactionClient | PrismaClient;

/** Items read per round trip while freezing a version. */
const FREEZE_BATCH = 500;

function dimensionInfo(d: Dimension): DimensionInfo {
  const info: DimensionInfo = { key: d.key, label: d.label, kind: d.kind };
  if ("options" in d) info.options = d.options.map((o) => ({ value: o.value, label: o.label }));
  if (d.kind === "scale") Object.assign(info, { min: d.min, max: d.max });
  return info;
}

type ItemRow = {
  id: string; externalId: string; timestamp: Date | string; week: string; stratum: string; taskType: string | null; model: string | null;
  inclusionProbability: number; input: unknown; output: unknown; context: unknown;
};

async function readItemBatch(tx: Tx, projectId: string, definition: DatasetDefinition, after: { externalId: string; id: string } | null): Promise<ItemRow[]> {
  return tx.$queryRawUnsafe<ItemRow[]>(
    `SELECT s.id, o."externalId", o."timestamp", a.week, s.stratum, o."taskType", o.model, s."inclusionProbability", o.input, o.output, o.context
       FROM "SampledItem" s
       JOIN "LoggedOutput" o ON o.id = s."outputId" AND o."projectId" = s."projectId"
       JOIN "Audit" a ON a.id = s."auditId" AND a."projectId" = s."projectId"
      WHERE s."projectId" = $1 AND s.status <> 'skipped'
        AND (cardinality($2::text[]) = 0 OR s."auditId" = ANY($2::text[]))
        AND ($3::timestamptz IS NULL OR o."timestamp" >= $3::timestamptz)
        AND ($4::timestamptz IS NULL OR o."timestamp" < $4::timestamptz)
        AND (cardinality($5::text[]) = 0 OR s.stratum = ANY($5::text[]))
        AND ($6::text IS NULL OR o."externalId" COLLATE "C" > $6::text OR (o."externalId" = $6::text AND s.id COLLATE "C" > $7::text))
      ORDER BY o."externalId" COLLATE "C", s.id COLLATE "C"
      LIMIT $8`,
    projectId,
    definition.auditIds,
    definition.from ? `${definition.from}T00:00:00Z` : null,
    definition.to ? `${definition.to}T00:00:00Z` : null,
    definition.strata,
    after?.externalId ?? null,
    after?.id ?? "",
    FREEZE_BATCH,
  );
}

async function readLabels(tx: Tx, projectId: string, itemIds: string[]): Promise<Map<string, SourceLabel[]>> {
  const rows = await tx.$queryRawUnsafe<{ sampledItemId: string; reviewerId: string; reviewerName: string | null; values: Record<string, unknown>; submittedAt: Date | string | null; createdAt: Date | string; rubricVersion: number }[]>(
    `SELECT l."sampledItemId", l."reviewerId", u.name AS "reviewerName", l."values", a."submittedAt", l."createdAt", r.version AS "rubricVersion"
       FROM "Label" l
       JOIN "Assignment" a ON a.id = l."assignmentId" AND a."projectId" = l."projectId"
       JOIN "Rubric" r ON r.id = l."rubricId" AND r."projectId" = l."projectId"
       LEFT JOIN "User" u ON u.id = l."reviewerId"
      WHERE l."projectId" = $1 AND l."sampledItemId" = ANY($2::text[]) AND a.status = 'submitted'`,
    projectId,
    itemIds,
  );
  const byItem = new Map<string, SourceLabel[]>();
  for (const r of rows) {
    const list = byItem.get(r.sampledItemId) ?? [];
    list.push({ reviewerId: r.reviewerId, reviewerName: r.reviewerName, values: r.values, submittedAt: new Date(r.submittedAt ?? r.createdAt), rubricVersion: Number(r.rubricVersion) });
    byItem.set(r.sampledItemId, list);
  }
  return byItem;
}

async function insertRows(tx: Tx, projectId: string, versionId: string, rows: { ordinal: number; outputId: string; split: string; line: string }[]) {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO "DatasetRow" ("versionId", ordinal, "projectId", "outputId", split, line)
     SELECT $1, r.ordinal, $2, r."outputId", r.split, r.line
       FROM unnest($3::int[], $4::text[], $5::text[], $6::text[]) AS r(ordinal, "outputId", split, line)`,
    versionId,
    projectId,
    rows.map((r) => r.ordinal),
    rows.map((r) => r.outputId),
    rows.map((r) => r.split),
    rows.map((r) => r.line),
  );
}

export type CreatedVersion = { id: string; version: number; rowCount: number; sha256: string };

/**
 * Freezes a new version of a dataset: the definition's rows as they are now. The whole freeze is
 * one transaction (a consistent snapshot: no label or adjudication lands half-way through it).
 */
export async function createDatasetVersion(input: { projectSlug: string; actor: Actor; datasetId: string; note?: unknown }): Promise<CreatedVersion> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:manage" });
  const note = typeof input.note === "string" ? input.note.trim() : "";
  if (note.length > 2000) throw new ValidationError([{ field: "note", message: "a note is at most 2000 characters" }]);
  return freezeDatasetVersion({ projectId: project.id, actorUserId: actorUserId(input.actor), datasetId: input.datasetId, note: note || null });
}

/** The freeze itself, for callers that have authorized already (the page's action, the demo seed). */
export async function freezeDatasetVersion(input: { projectId: string; actorUserId: string | null; datasetId: string; note: string | null }): Promise<CreatedVersion> {
  const db = await prisma();
  const dataset = await db.dataset.findFirst({ where: { id: input.datasetId, projectId: input.projectId }, select: { id: true, name: true, definition: true } });
  if (!dataset) throw new NotFoundError("Dataset not found");
  const definition = dataset.definition as DatasetDefinition;
  const rubric = await ensureCurrentRubric(db, input.projectId);
  const included = definition.dimensions.length ? rubric.dimensions.filter((d) => definition.dimensions.includes(d.key)) : rubric.dimensions;
  try {
    return await db.$transaction(
      async (tx) => {
        const latest = await tx.datasetVersion.findFirst({ where: { datasetId: dataset.id, projectId: input.projectId }, orderBy: { version: "desc" }, select: { version: true } });
        const version = (latest?.version ?? 0) + 1;
        const id = `c${crypto.randomBytes(12).toString("hex")}`;
        await tx.datasetVersion.create({
          data: {
            id, projectId: input.projectId, datasetId: dataset.id, version, definition: definition as Prisma.InputJsonValue,
            dimensions: included.map(dimensionInfo) as unknown as Prisma.InputJsonValue, splits: [], rowCount: 0, sha256: "", note: input.note, createdById: input.actorUserId,
          },
        });
        const hasher = new CanonicalHasher();
        const splitCounts = new Map(splitNames(definition.split).map((name) => [name, 0]));
        let after: { externalId: string; id: string } | null = null;
        let lastOutputId: string | null = null;
        for (;;) {
          const items = await readItemBatch(tx, input.projectId, definition, after);
          if (items.length === 0) break;
          after = { externalId: items.at(-1)!.externalId, id: items.at(-1)!.id };
          const ids = items.map((i) => i.id);
          const [labels, gold] = await Promise.all([readLabels(tx, input.projectId, ids), readGoldForDataset(tx, { projectId: input.projectId, sampledItemIds: ids })]);
          const batch: { ordinal: number; outputId: string; split: string; line: string }[] = [];
          for (const item of items) {
            // An output sampled twice (in two audits) is one row: its first item in order.
            if (item.externalId === lastOutputId) continue;
            const source: SourceItem = {
              externalId: item.externalId, timestamp: new Date(item.timestamp), auditWeek: item.week, stratum: item.stratum, taskType: item.taskType, model: item.model,
              inclusionProbability: Number(item.inclusionProbability), input: item.input, output: item.output, context: item.context,
              labels: labels.get(item.id) ?? [], gold: gold.get(item.id) ?? null,
            };
            const row = buildDatasetRow(source, { definition, dimensions: rubric.dimensions, pseudonymSalt: `${input.projectId}:${dataset.name}` });
            if (!row) continue;
            lastOutputId = item.externalId;
            const line = canonicalJson(row);
            hasher.addLine(`${line}\n`);
            splitCounts.set(row.split, (splitCounts.get(row.split) ?? 0) + 1);
            batch.push({ ordinal: hasher.rowCount, outputId: row.output_id, split: row.split, line });
          }
          await insertRows(tx, input.projectId, id, batch);
        }
        const splits = [...splitCounts].map(([name, rows]) => ({ name, rows }));
        const sha256 = hasher.digest();
        await tx.datasetVersion.update({ where: { id, projectId: input.projectId }, data: { rowCount: hasher.rowCount, sha256, splits } });
        return { id, version, rowCount: hasher.rowCount, sha256 };
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError("Another version of this dataset was made at the same moment; try again.");
    throw error;
  }
}

export type StoredVersion = { id: string; datasetId: string; datasetName: string; version: number; rowCount: number; sha256: string; note: string | null; createdAt: Date; splits: { name: string; rows: number }[]; dimensions: DimensionInfo[]; definition: DatasetDefinition };

export async function findVersion(db: Tx, input: { projectId: string; datasetId: string; version: number }): Promise<StoredVersion | null> {
  const row = await db.datasetVersion.findFirst({
    where: { projectId: input.projectId, datasetId: input.datasetId, version: input.version, sha256: { not: "" } },
    select: { id: true, datasetId: true, version: true, rowCount: true, sha256: true, note: true, createdAt: true, splits: true, dimensions: true, definition: true, dataset: { select: { name: true } } },
  });
  if (!row) return null;
  return { ...row, datasetName: row.dataset.name, splits: row.splits as StoredVersion["splits"], dimensions: row.dimensions as DimensionInfo[], definition: row.definition as DatasetDefinition };
}

export function versionInfo(version: StoredVersion, projectName: string): VersionInfo {
  return {
    datasetName: version.datasetName, version: version.version, sha256: version.sha256, rowCount: version.rowCount, createdAt: version.createdAt.toISOString(), note: version.note,
    projectName, splits: version.splits.filter((s) => s.rows > 0 || version.splits.length === 1), dimensions: version.dimensions, definition: version.definition,
  };
}

/**
 * A version's stored lines in order, in keyset batches. On the embedded database every statement
 * holds the one session, so the batch size follows the time each statement takes (about 20 ms,
 * lib/datasets/batch-size.ts) and reviewers' requests run between the statements.
 */
export async function* readVersionLines(input: { projectId: string; versionId: string; split?: string; batchSize?: number }): AsyncIterable<string[]> {
  const database = await getDatabase();
  const adaptive = input.batchSize === undefined && database.kind === "embedded";
  let batchSize = input.batchSize ?? (adaptive ? EMBEDDED_BATCH.initial : 5000);
  let after = 0;
  for (;;) {
    const started = performance.now();
    const { rows } = await database.query<{ ordinal: number; line: string }>(
      `SELECT ordinal, line FROM "DatasetRow"
        WHERE "projectId" = $1 AND "versionId" = $2 AND ($3::text IS NULL OR split = $3::text) AND ordinal > $4
        ORDER BY ordinal LIMIT $5`,
      [input.projectId, input.versionId, input.split ?? null, after, batchSize],
    );
    if (rows.length === 0) return;
    after = Number(rows.at(-1)!.ordinal);
    const full = rows.length === batchSize;
    if (adaptive) batchSize = nextBatchSize(batchSize, performance.now() - started);
    yield rows.map((r) => r.line);
    if (!full) return;
  }
}

export async function* readVersionRows(input: { projectId: string; versionId: string; split?: string }): AsyncIterable<DatasetRow> {
  const database = await getDatabase();
  if (database.kind === "server" && database.pool) {
    for await (const chunk of copyOutVersionJsonl(database.pool, input)) {
      // Each line decoded on its own from the chunk's bytes, not cut from the chunk decoded whole:
      // that string (up to a megabyte) is allocated outside V8's young generation, and parsing
      // slices of it, JSON.parse made every row there too, so an export grew the old generation
      // by about the size of the app's live heap before a full collection (decision 036).
      const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
      for (let start = 0; start < bytes.length; ) {
        const newline = bytes.indexOf(10, start);
        const end = newline === -1 ? bytes.length : newline;
        if (end > start) yield JSON.parse(bytes.toString("utf8", start, end)) as DatasetRow;
        start = end + 1;
      }
    }
    return;
  }
  for await (const lines of readVersionLines(input)) for (const line of lines) yield JSON.parse(line) as DatasetRow;
}

const encoder = new TextEncoder();

/** The JSONL bytes of a version: its stored canonical lines, each with its newline. */
export async function* readVersionJsonl(input: { projectId: string; versionId: string; onLines?: (count: number) => void }): AsyncIterable<Uint8Array> {
  const database = await getDatabase();
  if (database.kind === "server" && database.pool) {
    yield* copyOutVersionJsonl(database.pool, input);
    return;
  }
  for await (const lines of readVersionLines(input)) {
    yield encoder.encode(`${lines.join("\n")}\n`);
    input.onLines?.(lines.length);
  }
}

/** The diff of a version from the one before it (null for the first version). */
export async function diffWithPreviousVersion(input: { projectSlug: string; actor: Actor; datasetId: string; version: number }): Promise<{ previous: number; diff: VersionDiff } | null> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "datasets:read" });
  const db = await prisma();
  const current = await findVersion(db, { projectId: project.id, datasetId: input.datasetId, version: input.version });
  if (!current) throw new NotFoundError("Dataset version not found");
  const previous = await db.datasetVersion.findFirst({
    where: { projectId: project.id, datasetId: input.datasetId, version: { lt: input.version }, sha256: { not: "" } },
    orderBy: { version: "desc" },
    select: { id: true, version: true },
  });
  if (!previous) return null;
  const diff = await diffVersions(readVersionRows({ projectId: project.id, versionId: previous.id }), readVersionRows({ projectId: project.id, versionId: current.id }));
  return { previous: previous.version, diff };
}
