// The outputs explorer and an output's page: authorized (outputs:read, so reviewers get a 404
// from the pages) and scoped by project. Population reads go through the OutputStore boundary.
import "server-only";
import { getDatabase } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { NotFoundError } from "@/lib/server/errors";
import type { Actor } from "@/lib/server/auth/actor";
import { COUNT_CAP, isOutputId, PAGE_SIZE, type OutputFilter, type OutputPage, type OutputSort } from "@/lib/outputs/explorer";
import { postgresOutputStore, type OutputRecord, type OutputStore, type ToolCallRecord } from "./store";

export async function outputStoreFor(): Promise<OutputStore> {
  return postgresOutputStore(await getDatabase());
}

export type ExplorerView = OutputPage & { count: { count: number; capped: boolean } | null; taskTypes: string[]; models: string[] };

/**
 * One page of the explorer. The capped count (at most COUNT_CAP + 1 rows read) is only computed
 * for the first page of a view; later pages only read their rows.
 */
export async function listProjectOutputs(input: { actor: Actor; projectSlug: string; filter: OutputFilter; sort: OutputSort; cursor: string | null; withCount?: boolean }): Promise<ExplorerView> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "outputs:read" });
  const store = await outputStoreFor();
  const [page, count, dims] = await Promise.all([
    store.listOutputs({ projectId: project.id, filter: input.filter, sort: input.sort, cursor: input.cursor, limit: PAGE_SIZE }),
    input.withCount && !input.cursor ? store.countOutputs({ projectId: project.id, filter: input.filter, cap: COUNT_CAP }) : Promise.resolve(null),
    store.dimensions({ projectId: project.id }),
  ]);
  return { ...page, count, taskTypes: dims.taskTypes, models: dims.models };
}

export type OutputAuditEntry = { auditId: string; week: string; stratum: string; status: string; inclusionProbability: number; sampledItemId: string };
export type OutputLabelEntry = { id: string; auditId: string; reviewer: string; values: Record<string, unknown>; createdAt: string; updatedAt: string; revisions: number };
export type OutputGoldEntry = { id: string; auditId: string; source: string; values: Record<string, unknown>; rationale: string | null; adjudicator: string | null; createdAt: string };

export type OutputDetail = {
  output: OutputRecord;
  traceId: string | null;
  toolCalls: ToolCallRecord[];
  audits: OutputAuditEntry[];
  labels: OutputLabelEntry[];
  gold: OutputGoldEntry[];
};

/** OTLP outputs are stored as "<traceId>:<spanId>"; their trace's tool calls share the trace id. */
export function traceIdOf(externalId: string): string | null {
  const match = /^([0-9a-f]{32}):[0-9a-f]{16}$/.exec(externalId);
  return match ? match[1] : null;
}

export async function readOutputDetail(input: { actor: Actor; projectSlug: string; outputId: string }): Promise<OutputDetail> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "outputs:read" });
  if (!isOutputId(input.outputId)) throw new NotFoundError("No such output in this project.");
  const store = await outputStoreFor();
  const output = await store.readOutput({ projectId: project.id, outputId: input.outputId });
  if (!output) throw new NotFoundError("No such output in this project.");
  const traceId = traceIdOf(output.externalId);
  const db = await getDatabase();
  const [toolCalls, audits, labels, gold] = await Promise.all([
    traceId ? store.listToolCalls({ projectId: project.id, traceId }) : Promise.resolve([]),
    db.query<OutputAuditEntry>(
      `SELECT a.id AS "auditId", a.week, s.stratum, s.status::text AS status, s."inclusionProbability", s.id AS "sampledItemId"
         FROM "SampledItem" s JOIN "Audit" a ON a.id = s."auditId" AND a."projectId" = $1
        WHERE s."projectId" = $1 AND s."outputId" = $2::uuid ORDER BY a."weekStart" DESC`,
      [project.id, output.id],
    ),
    db.query<OutputLabelEntry & { createdAt: Date; updatedAt: Date }>(
      `SELECT l.id, s."auditId", coalesce(u.name, u.email) AS reviewer, l."values", l."createdAt", l."updatedAt",
              (SELECT count(*)::int FROM "LabelRevision" r WHERE r."projectId" = $1 AND r."labelId" = l.id) AS revisions
         FROM "Label" l JOIN "SampledItem" s ON s.id = l."sampledItemId" AND s."projectId" = $1 JOIN "User" u ON u.id = l."reviewerId"
        WHERE l."projectId" = $1 AND s."outputId" = $2::uuid ORDER BY l."createdAt"`,
      [project.id, output.id],
    ),
    db.query<OutputGoldEntry & { createdAt: Date }>(
      `SELECT g.id, s."auditId", g.source, g."values", g.rationale, coalesce(u.name, u.email) AS adjudicator, g."createdAt"
         FROM "GoldLabel" g JOIN "SampledItem" s ON s.id = g."sampledItemId" AND s."projectId" = $1 LEFT JOIN "User" u ON u.id = g."adjudicatorId"
        WHERE g."projectId" = $1 AND s."outputId" = $2::uuid ORDER BY g."createdAt"`,
      [project.id, output.id],
    ),
  ]);
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    output,
    traceId,
    toolCalls,
    audits: audits.rows.map((a) => ({ ...a, inclusionProbability: Number(a.inclusionProbability) })),
    labels: labels.rows.map((l) => ({ ...l, createdAt: iso(l.createdAt), updatedAt: iso(l.updatedAt) })),
    gold: gold.rows.map((g) => ({ ...g, createdAt: iso(g.createdAt) })),
  };
}
