// Gold as it stood at a moment: every gold decision is a GoldLabelVersion (lib/server/review/
// record.ts appends them), so a closed audit's numbers can be computed again later from the gold
// of then, whatever was edited or adjudicated since.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { NotFoundError } from "@/lib/server/errors";
import type { LabelValues } from "@/lib/review/rubric";

export type GoldAsOf = {
  sampledItemId: string;
  auditId: string;
  /** The item's stratum and sample key (the running-rate check orders by them). */
  stratum: string;
  sampleKey: string;
  /** The GoldLabelVersion row. */
  versionId: string;
  rubricId: string;
  values: LabelValues;
  source: "consensus" | "adjudication";
  decidedById: string | null;
  rationale: string | null;
  decidedAt: Date;
};

/**
 * The gold label of each item of the project (or of the given audits) as of `asOf`: its latest
 * decision made at or before then, unless that was a withdrawal (the item had no gold then).
 */
export async function readGoldAsOf(input: { projectId: string; auditIds?: string[]; asOf: Date }): Promise<GoldAsOf[]> {
  const db = await prisma();
  const rows = await db.$queryRawUnsafe<(Omit<GoldAsOf, "decidedAt"> & { decidedAt: Date | string; withdrawn: boolean })[]>(
    `SELECT * FROM (
       SELECT DISTINCT ON (v."sampledItemId") v."sampledItemId", s."auditId", s.stratum, s."sampleKey", v.id AS "versionId", v."rubricId", v."values", v.source,
              v."decidedById", v.rationale, v."decidedAt", v.withdrawn
         FROM "GoldLabelVersion" v JOIN "SampledItem" s ON s.id = v."sampledItemId" AND s."projectId" = v."projectId"
        WHERE v."projectId" = $1 AND v."decidedAt" <= $2::timestamptz ${input.auditIds ? `AND s."auditId" = ANY($3::text[])` : ""}
        ORDER BY v."sampledItemId", v.seq DESC) latest
      WHERE NOT latest.withdrawn
      ORDER BY latest."sampledItemId"`,
    ...[input.projectId, input.asOf.toISOString(), ...(input.auditIds ? [input.auditIds] : [])],
  );
  return rows.map((r) => ({
    sampledItemId: r.sampledItemId,
    auditId: r.auditId,
    stratum: r.stratum,
    sampleKey: r.sampleKey,
    versionId: r.versionId,
    rubricId: r.rubricId,
    values: r.values,
    source: r.source,
    decidedById: r.decidedById,
    rationale: r.rationale,
    decidedAt: new Date(r.decidedAt),
  }));
}

export type GoldHistoryEntry = {
  versionId: string;
  source: "consensus" | "adjudication";
  values: LabelValues;
  decidedById: string | null;
  rationale: string | null;
  decidedAt: Date;
  withdrawn: boolean;
  isCurrent: boolean;
};

/** Every gold decision on one item, oldest first (QA leads and admins). Another project's item is a 404. */
export async function listGoldHistory(input: { projectSlug: string; actor: Actor; sampledItemId: string }): Promise<GoldHistoryEntry[]> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "adjudication:decide" });
  const db = await prisma();
  const item = await db.sampledItem.findFirst({ where: { id: input.sampledItemId, projectId: project.id }, select: { id: true } });
  if (!item) throw new NotFoundError("Item not found");
  const rows = await db.goldLabelVersion.findMany({
    where: { projectId: project.id, sampledItemId: item.id },
    orderBy: { seq: "asc" },
    select: { id: true, source: true, values: true, decidedById: true, rationale: true, decidedAt: true, withdrawn: true, isCurrent: true },
  });
  return rows.map(({ id, ...r }) => ({ ...r, versionId: id, source: r.source as GoldHistoryEntry["source"], values: r.values as LabelValues }));
}
