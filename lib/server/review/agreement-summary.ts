// The agreement page's labels, pre-grouped (decision 039). Grouping every label of a 100,000-item
// audit on each page read took ~38 s; instead each item's contributions ("entries": its rating
// pattern per dimension, each label against gold, each reviewer's label, whether it overlaps) are
// counted per audit in AgreementCount (and timed labels per reviewer and second, to find a median
// in the time index without walking it), kept by the ReviewEvent handler when a label or gold
// changes. A recompute of an item subtracts what it contributed before (AgreementItem) and adds
// what it contributes now, computed from Label, Assignment and GoldLabel: replaying an event
// changes nothing, so the handler is idempotent per event. Recomputes of one audit take the
// audit's advisory lock first and read in a later statement, so each sees the one before it.
//
// Staleness: before the page reads, `syncAgreementSummary` builds audits never built (all their
// items at once: existing data after the migration, or labels written without the event point)
// and recomputes the items of the audit that have unprocessed events (written, not yet drained),
// so a read right after a label write sees it.
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { ReviewEventHandler } from "@/lib/server/events/handlers";
import { getDatabase, prisma } from "@/lib/server/db/client";

type Db = PrismaClient | Prisma.TransactionClient;

/**
 * One statement: recompute the items of project $1, within the audits in $4 (whose locks the caller
 * holds): in a built audit those whose id is in $2, in an audit not built yet every item when the
 * audit is in $3 (then built), none otherwise. Decided under the lock, so an event handled while
 * its audit is being built is either in the build's snapshot or recomputed after it. Keys: every
 * dimension key that is not free text in some rubric version of the project (a used key's kind is
 * frozen, decision 013).
 */
const RECOMPUTE_SQL = `WITH target AS (
       SELECT s.id, s."auditId" FROM "SampledItem" s
        WHERE s."projectId" = $1 AND s.id = ANY($2::text[]) AND s."auditId" = ANY($4::text[])
          AND EXISTS (SELECT 1 FROM "AgreementAudit" b WHERE b."projectId" = $1 AND b."auditId" = s."auditId")
       UNION ALL
       SELECT s.id, s."auditId" FROM "SampledItem" s
        WHERE s."projectId" = $1 AND s."auditId" = ANY($3::text[]) AND s."auditId" = ANY($4::text[])
          AND NOT EXISTS (SELECT 1 FROM "AgreementAudit" b WHERE b."projectId" = $1 AND b."auditId" = s."auditId")),
     keys AS (
       SELECT DISTINCT d ->> 'key' AS key FROM "Rubric" r CROSS JOIN LATERAL jsonb_array_elements(r.dimensions) d
        WHERE r."projectId" = $1 AND d ->> 'kind' <> 'text'),
     item AS (
       SELECT t.id, t."auditId",
              array_agg(l."reviewerId" ORDER BY l."reviewerId") AS reviewers,
              array_agg(l."values" ORDER BY l."reviewerId") AS vals,
              array_agg(l."timeSpentMs" ORDER BY l."reviewerId") AS times,
              count(*)::int AS n, g."values" AS gold, g.source AS "goldSource"
         FROM target t
         JOIN "Label" l ON l."sampledItemId" = t.id AND l."projectId" = $1
         JOIN "Assignment" a ON a.id = l."assignmentId" AND a."projectId" = $1 AND a.status = 'submitted'
         LEFT JOIN "GoldLabel" g ON g."sampledItemId" = t.id AND g."projectId" = $1
        GROUP BY t.id, t."auditId", g.id),
     fresh AS (
       SELECT i.id, i."auditId", array_agg(e.entry::text ORDER BY e.entry::text) AS entries
         FROM item i CROSS JOIN LATERAL (
           SELECT jsonb_build_array('overlap') AS entry WHERE i.n >= 2
           UNION ALL
           SELECT jsonb_build_array('agreement', k.key, to_jsonb(i.reviewers),
                                    (SELECT jsonb_agg(v.v -> k.key ORDER BY v.o) FROM unnest(i.vals) WITH ORDINALITY AS v(v, o)))
             FROM keys k WHERE i.n >= 2
           UNION ALL
           SELECT jsonb_build_array('gold', k.key, u.reviewer, u.v -> k.key, i.gold -> k.key)
             FROM unnest(i.reviewers, i.vals) AS u(reviewer, v) CROSS JOIN keys k
            WHERE i.gold IS NOT NULL AND NOT (i.n = 1 AND i."goldSource" = 'consensus')
           UNION ALL
           SELECT jsonb_build_array('activity', u.reviewer) FROM unnest(i.reviewers, i.times) AS u(reviewer, t)
           UNION ALL
           -- Timed labels per whole second: where a reviewer's median lies, found without walking their times.
           SELECT jsonb_build_array('second', u.reviewer, u.t / 1000) FROM unnest(i.reviewers, i.times) AS u(reviewer, t) WHERE u.t > 0
         ) e
        GROUP BY i.id, i."auditId"),
     old AS (
       SELECT a."sampledItemId" AS id, a."auditId", a.entries FROM "AgreementItem" a JOIN target t ON t.id = a."sampledItemId"
        WHERE a."projectId" = $1),
     delta AS (
       SELECT x."auditId", x.entry, sum(x.d)::int AS d FROM (
         SELECT o."auditId", e.entry, -1 AS d FROM old o CROSS JOIN LATERAL unnest(o.entries) AS e(entry)
         UNION ALL
         SELECT f."auditId", e.entry, 1 FROM fresh f CROSS JOIN LATERAL unnest(f.entries) AS e(entry)) x
        GROUP BY x."auditId", x.entry HAVING sum(x.d) <> 0),
     counted AS (
       INSERT INTO "AgreementCount" ("projectId", "auditId", entry, count) SELECT $1, d."auditId", d.entry, d.d FROM delta d
       ON CONFLICT ("projectId", "auditId", entry) DO UPDATE SET count = "AgreementCount".count + EXCLUDED.count
       RETURNING 1),
     dropped AS (
       DELETE FROM "AgreementItem" a USING target t
        WHERE a."projectId" = $1 AND a."sampledItemId" = t.id AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.id = t.id)
       RETURNING 1),
     kept AS (
       INSERT INTO "AgreementItem" ("projectId", "sampledItemId", "auditId", entries) SELECT $1, f.id, f."auditId", f.entries FROM fresh f
       ON CONFLICT ("projectId", "sampledItemId") DO UPDATE SET entries = EXCLUDED.entries, "auditId" = EXCLUDED."auditId"
        WHERE "AgreementItem".entries IS DISTINCT FROM EXCLUDED.entries
       RETURNING 1),
     timed AS (
       SELECT i.id, i."auditId", u.reviewer, u.t FROM item i CROSS JOIN LATERAL unnest(i.reviewers, i.times) AS u(reviewer, t)),
     untimed AS (
       DELETE FROM "AgreementTime" x USING target t
        WHERE x."projectId" = $1 AND x."sampledItemId" = t.id
          AND NOT EXISTS (SELECT 1 FROM timed WHERE timed.id = x."sampledItemId" AND timed.reviewer = x."reviewerId")
       RETURNING 1),
     times AS (
       INSERT INTO "AgreementTime" ("projectId", "sampledItemId", "reviewerId", "auditId", "timeSpentMs")
       SELECT $1, timed.id, timed.reviewer, timed."auditId", timed.t FROM timed
       ON CONFLICT ("projectId", "sampledItemId", "reviewerId") DO UPDATE SET "timeSpentMs" = EXCLUDED."timeSpentMs", "auditId" = EXCLUDED."auditId"
        WHERE "AgreementTime"."timeSpentMs" IS DISTINCT FROM EXCLUDED."timeSpentMs"
       RETURNING 1)
     SELECT (SELECT count(*) FROM target)::int AS items, (SELECT count(*) FROM counted)::int AS counts,
            (SELECT count(*) FROM dropped)::int + (SELECT count(*) FROM kept)::int + (SELECT count(*) FROM untimed)::int + (SELECT count(*) FROM times)::int AS rows`;

/** Takes the audits' advisory locks in one order (no deadlock between two recomputes). */
async function lockAudits(tx: Db, projectId: string, auditIds: string[]) {
  await tx.$queryRawUnsafe(
    `SELECT count(l)::int AS locked FROM (
       SELECT pg_advisory_xact_lock(hashtextextended('assay.agreement:' || $1 || ':' || a, 0))::text AS l FROM (SELECT DISTINCT unnest($2::text[]) AS a ORDER BY 1) x) y`,
    projectId,
    auditIds,
  );
}

/** Transactions here can run long: building a 100,000-item audit takes seconds. */
const TX = { timeout: 10 * 60_000, maxWait: 60_000 };

/**
 * Recomputes the summary of some items (`itemIds`) and of whole audits (`buildAuditIds`, marked
 * built afterwards); `auditIds` must name every audit involved (their locks are taken).
 */
export async function recomputeAgreementSummary(
  db: PrismaClient,
  input: { projectId: string; auditIds: string[]; itemIds?: string[]; buildAuditIds?: string[] },
): Promise<{ items: number }> {
  const build = input.buildAuditIds ?? [];
  const auditIds = [...new Set([...input.auditIds, ...build])];
  if (auditIds.length === 0 || ((input.itemIds ?? []).length === 0 && build.length === 0)) return { items: 0 };
  if (build.length === 0 && (await getDatabase()).kind === "embedded") {
    // The embedded database is one session: a single statement cannot interleave with another
    // recompute, so the lock and the transaction around it (three more round trips, each holding
    // the session the reviewers' requests wait for) buy nothing there.
    const [row] = await db.$queryRawUnsafe<{ items: number }[]>(RECOMPUTE_SQL, input.projectId, input.itemIds ?? [], build, auditIds);
    return { items: Number(row.items) };
  }
  return db.$transaction(async (tx) => {
    await lockAudits(tx, input.projectId, auditIds);
    const [row] = await tx.$queryRawUnsafe<{ items: number }[]>(RECOMPUTE_SQL, input.projectId, input.itemIds ?? [], build, auditIds);
    if (build.length) {
      await tx.$executeRawUnsafe(
        `INSERT INTO "AgreementAudit" ("projectId", "auditId", "builtAt")
         SELECT $1, a.id, now() FROM "Audit" a WHERE a."projectId" = $1 AND a.id = ANY($2::text[])
         ON CONFLICT ("projectId", "auditId") DO NOTHING`,
        input.projectId,
        build,
      );
    }
    return { items: Number(row.items) };
  }, TX);
}

/**
 * Brings the audits' summaries up to date before a read: builds the audits never built, and
 * recomputes the items of the others that have unprocessed ReviewEvents (a write whose event is not
 * drained yet). One read statement when nothing is pending, which is the common case.
 */
export async function syncAgreementSummary(db: PrismaClient, input: { projectId: string; auditIds: string[] }): Promise<{ built: string[]; items: number }> {
  if (input.auditIds.length === 0) return { built: [], items: 0 };
  const [row] = await db.$queryRawUnsafe<{ unbuilt: string[] | null; pending: string[] | null; pendingAudits: string[] | null }[]>(
    `WITH unbuilt AS (
       SELECT a.id FROM "Audit" a WHERE a."projectId" = $1 AND a.id = ANY($2::text[])
          AND NOT EXISTS (SELECT 1 FROM "AgreementAudit" b WHERE b."projectId" = $1 AND b."auditId" = a.id)),
     pending AS (
       SELECT DISTINCT e."sampledItemId", e."auditId" FROM "ReviewEvent" e
        WHERE e."processedAt" IS NULL AND e."projectId" = $1 AND e."auditId" = ANY($2::text[]) AND e."auditId" NOT IN (SELECT id FROM unbuilt))
     SELECT (SELECT array_agg(id) FROM unbuilt) AS unbuilt, (SELECT array_agg("sampledItemId") FROM pending) AS pending,
            (SELECT array_agg(DISTINCT "auditId") FROM pending) AS "pendingAudits"`,
    input.projectId,
    input.auditIds,
  );
  const built = row?.unbuilt ?? [];
  const pending = row?.pending ?? [];
  if (built.length === 0 && pending.length === 0) return { built, items: 0 };
  const { items } = await recomputeAgreementSummary(db, { projectId: input.projectId, auditIds: [...built, ...(row?.pendingAudits ?? [])], itemIds: pending, buildAuditIds: built });
  return { built, items };
}

/**
 * Keeps the summary as labels and gold change: recomputes the items of a drained batch, one call
 * per project rather than one per event (idempotent: a replay recomputes the same counts).
 */
export const agreementSummaryEventHandler = {
  name: "agreement-summary",
  async afterBatch(events) {
    const db = await prisma();
    const byProject = new Map<string, { auditIds: Set<string>; itemIds: Set<string> }>();
    for (const e of events) {
      const project = byProject.get(e.projectId) ?? { auditIds: new Set<string>(), itemIds: new Set<string>() };
      project.auditIds.add(e.auditId);
      project.itemIds.add(e.sampledItemId);
      byProject.set(e.projectId, project);
    }
    // In an audit never built this recomputes nothing: its first read builds it from all its labels.
    for (const [projectId, { auditIds, itemIds }] of byProject) {
      await recomputeAgreementSummary(db, { projectId, auditIds: [...auditIds], itemIds: [...itemIds] });
    }
  },
} satisfies ReviewEventHandler;
