// The one place where labels and gold labels are written. Every write here appends, in the same
// statement, its ReviewEvent outbox row (label_submitted, label_edited, gold_decided), and every
// gold decision appends a GoldLabelVersion (GoldLabel keeps the current one per item). Callers
// hold the item's row lock (or, for the one-statement solo submit, the statement takes it), so
// the versions of one item are appended in order. After the request, processReviewEvents()
// (lib/server/events/process.ts) hands the events to their handlers: see kickReviewEvents().
import "server-only";
import crypto from "node:crypto";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { LabelValues } from "@/lib/review/rubric";

type Tx = Prisma.TransactionClient | PrismaClient;

export function newRecordId(): string {
  return `c${crypto.randomBytes(12).toString("hex")}`;
}

const EVENT_COLUMNS = `(id, "projectId", kind, "auditId", "sampledItemId", "outputId", "labelId", "reviewerId", "goldLabelId", "goldSource", "rubricId", "values", "actorId", rationale, "createdAt")`;
const VERSION_COLUMNS = `(id, "projectId", "sampledItemId", "rubricId", "values", source, "decidedById", rationale, withdrawn, "isCurrent", "decidedAt")`;

/**
 * The label writes of both submit statements (lib/server/review/labels.ts), as CTEs, with one
 * parameter numbering: $1 assignment, $2 revision id, $3 now, $4 label id, $5 project, $6 item,
 * $7 reviewer, $8 rubric, $9 values, $10 time spent, $11 gold label id, $12 gold values,
 * $13 label event id, $14 gold version id, $15 gold event id. The statement defines a CTE `item`
 * with the item's "auditId" and "outputId". `submitIf` gates the whole write; `goldFrom` says when
 * the label is also the item's consensus gold label (a single-review item).
 */
export const labelSubmitWrites = (submitIf: string, goldFrom: string) => `submitted AS (
         UPDATE "Assignment" SET status = 'submitted', "submittedAt" = $3::timestamptz, "leaseExpiresAt" = NULL
          WHERE id = $1 AND "projectId" = $5 AND status = 'assigned' ${submitIf} RETURNING id),
       label AS (
         INSERT INTO "Label" (id, "projectId", "sampledItemId", "assignmentId", "reviewerId", "rubricId", "values", "timeSpentMs", "createdAt", "updatedAt")
         SELECT $4, $5, $6, submitted.id, $7, $8, $9::jsonb, $10::int, $3::timestamptz, $3::timestamptz FROM submitted RETURNING id),
       revision AS (
         INSERT INTO "LabelRevision" (id, "projectId", "labelId", "editorId", "before", "after", "createdAt")
         SELECT $2, $5, label.id, $7, NULL, $9::jsonb, $3::timestamptz FROM label RETURNING id),
       label_event AS (
         INSERT INTO "ReviewEvent" ${EVENT_COLUMNS}
         SELECT $13, $5, 'label_submitted', item."auditId", $6, item."outputId"::text, label.id, $7, NULL, NULL, $8, $9::jsonb, $7, NULL, $3::timestamptz FROM label, item RETURNING id),
       gold AS (
         INSERT INTO "GoldLabel" (id, "projectId", "sampledItemId", "rubricId", "values", source, "adjudicatorId", rationale)
         SELECT $11, $5, $6, $8, $12::jsonb, 'consensus', NULL, NULL ${goldFrom}
         ON CONFLICT ("sampledItemId") DO UPDATE SET "rubricId" = EXCLUDED."rubricId", "values" = EXCLUDED."values"
          WHERE "GoldLabel".source = 'consensus'
         RETURNING id),
       superseded AS (
         UPDATE "GoldLabelVersion" SET "isCurrent" = false, "supersededAt" = $3::timestamptz
          WHERE "projectId" = $5 AND "sampledItemId" = $6 AND "isCurrent" AND EXISTS (SELECT 1 FROM gold) RETURNING id),
       gold_version AS (
         INSERT INTO "GoldLabelVersion" ${VERSION_COLUMNS}
         SELECT $14, $5, $6, $8, $12::jsonb, 'consensus', NULL, NULL, false, true, $3::timestamptz FROM gold RETURNING id),
       gold_event AS (
         INSERT INTO "ReviewEvent" ${EVENT_COLUMNS}
         SELECT $15, $5, 'gold_decided', item."auditId", $6, item."outputId"::text, NULL, NULL, gold_version.id, 'consensus', $8, $12::jsonb, NULL, NULL, $3::timestamptz
           FROM gold_version, item RETURNING id),
       golden AS (
         UPDATE "SampledItem" SET status = 'gold' WHERE id = $6 AND "projectId" = $5 AND EXISTS (SELECT 1 FROM gold) RETURNING id)`;

/** The fresh ids the submit statements take as $13–$15. */
export function labelSubmitEventIds(): [string, string, string] {
  return [newRecordId(), newRecordId(), newRecordId()];
}

export type GoldDecision = {
  projectId: string;
  sampledItemId: string;
  rubricId: string;
  values: LabelValues;
  source: "consensus" | "adjudication";
  /** The adjudicating QA lead; null for a consensus. */
  decidedById: string | null;
  rationale: string | null;
  now: Date;
};

// A decision equal to the current gold (same values, same source) changes nothing and appends
// nothing: a consensus re-derived after an edit that left the agreed values alone is not news.
const GOLD_DECISION_SQL = `WITH item AS (
       SELECT s.id, s."auditId", s."outputId"::text AS "outputId" FROM "SampledItem" s WHERE s.id = $3 AND s."projectId" = $2),
     changed AS (
       SELECT item.id FROM item
        WHERE NOT EXISTS (SELECT 1 FROM "GoldLabel" g WHERE g."sampledItemId" = $3 AND g."projectId" = $2 AND g."values" = $5::jsonb AND g.source = $6)),
     gold AS (
       INSERT INTO "GoldLabel" (id, "projectId", "sampledItemId", "rubricId", "values", source, "adjudicatorId", rationale)
       SELECT $1, $2, $3, $4, $5::jsonb, $6, $7, $8 FROM changed
       ON CONFLICT ("sampledItemId") DO UPDATE SET "rubricId" = EXCLUDED."rubricId", "values" = EXCLUDED."values", source = EXCLUDED.source,
              "adjudicatorId" = EXCLUDED."adjudicatorId", rationale = EXCLUDED.rationale
       RETURNING id),
     superseded AS (
       UPDATE "GoldLabelVersion" SET "isCurrent" = false, "supersededAt" = $9::timestamptz
        WHERE "projectId" = $2 AND "sampledItemId" = $3 AND "isCurrent" AND EXISTS (SELECT 1 FROM gold) RETURNING id),
     version AS (
       INSERT INTO "GoldLabelVersion" ${VERSION_COLUMNS}
       SELECT $10, $2, $3, $4, $5::jsonb, $6, $7, $8, false, true, $9::timestamptz FROM gold RETURNING id),
     event AS (
       INSERT INTO "ReviewEvent" ${EVENT_COLUMNS}
       SELECT $11, $2, 'gold_decided', item."auditId", $3, item."outputId", NULL, NULL, version.id, $6, $4, $5::jsonb, $7, $8, $9::timestamptz
         FROM version, item RETURNING id),
     status AS (
       UPDATE "SampledItem" SET status = 'gold' WHERE id = (SELECT id FROM item) AND "projectId" = $2 RETURNING id)
     SELECT (SELECT id FROM gold) AS "goldLabelId", (SELECT id FROM version) AS "versionId",
            (SELECT g.id FROM "GoldLabel" g WHERE g."sampledItemId" = $3) AS "existingId", (SELECT count(*)::int FROM status) AS items`;

/** Records a gold decision (consensus or adjudication) for an item whose row lock the caller holds. */
export async function recordGoldDecision(tx: Tx, decision: GoldDecision): Promise<{ goldLabelId: string; versionId: string | null }> {
  const [row] = await tx.$queryRawUnsafe<{ goldLabelId: string | null; versionId: string | null; existingId: string | null; items: number }[]>(
    GOLD_DECISION_SQL,
    newRecordId(),
    decision.projectId,
    decision.sampledItemId,
    decision.rubricId,
    JSON.stringify(decision.values),
    decision.source,
    decision.decidedById,
    decision.rationale,
    decision.now.toISOString(),
    newRecordId(),
    newRecordId(),
  );
  if (!row || Number(row.items) === 0) throw new Error(`recordGoldDecision: item ${decision.sampledItemId} is not in project ${decision.projectId}`);
  return { goldLabelId: (row.goldLabelId ?? row.existingId)!, versionId: row.versionId };
}

// The batch form of GOLD_DECISION_SQL: the same writes and the same "no change, nothing appended"
// rule, for many items of one project in one statement ($1 project, $2 the decisions as JSON).
const GOLD_DECISIONS_SQL = `WITH d AS (
       SELECT * FROM json_to_recordset($2::json) AS d(gid text, item text, rubric text, vals jsonb, src text, by text, rat text, at timestamptz, vid text, eid text)),
     item AS (
       SELECT d.*, s."auditId", s."outputId"::text AS "outputId" FROM d JOIN "SampledItem" s ON s.id = d.item AND s."projectId" = $1),
     changed AS (
       SELECT item.* FROM item
        WHERE NOT EXISTS (SELECT 1 FROM "GoldLabel" g WHERE g."sampledItemId" = item.item AND g."values" = item.vals AND g.source = item.src)),
     gold AS (
       INSERT INTO "GoldLabel" (id, "projectId", "sampledItemId", "rubricId", "values", source, "adjudicatorId", rationale)
       SELECT c.gid, $1, c.item, c.rubric, c.vals, c.src, c.by, c.rat FROM changed c
       ON CONFLICT ("sampledItemId") DO UPDATE SET "rubricId" = EXCLUDED."rubricId", "values" = EXCLUDED."values", source = EXCLUDED.source,
              "adjudicatorId" = EXCLUDED."adjudicatorId", rationale = EXCLUDED.rationale
       RETURNING "sampledItemId"),
     superseded AS (
       UPDATE "GoldLabelVersion" v SET "isCurrent" = false, "supersededAt" = c.at
         FROM changed c WHERE v."projectId" = $1 AND v."sampledItemId" = c.item AND v."isCurrent" RETURNING v.id),
     version AS (
       INSERT INTO "GoldLabelVersion" ${VERSION_COLUMNS}
       SELECT c.vid, $1, c.item, c.rubric, c.vals, c.src, c.by, c.rat, false, true, c.at FROM changed c RETURNING id),
     event AS (
       INSERT INTO "ReviewEvent" ${EVENT_COLUMNS}
       SELECT c.eid, $1, 'gold_decided', c."auditId", c.item, c."outputId", NULL, NULL, c.vid, c.src, c.rubric, c.vals, c.by, c.rat, c.at
         FROM changed c RETURNING id),
     status AS (
       UPDATE "SampledItem" SET status = 'gold' WHERE id IN (SELECT item FROM item) RETURNING id)
     SELECT (SELECT count(*)::int FROM item) AS items, (SELECT count(*)::int FROM version) AS versions, (SELECT count(*)::int FROM status) AS updated`;

/**
 * Records many gold decisions of one project in one statement: what recordGoldDecision does for
 * each, for bulk writers (the demo's history of past weeks). Every item must belong to the project
 * and appear once; the caller holds the items' row locks or owns them outright (nothing else can
 * be writing them). Returns how many decisions appended a version (an unchanged gold appends none).
 */
export async function recordGoldDecisions(tx: Tx, projectId: string, decisions: Omit<GoldDecision, "projectId">[]): Promise<{ versions: number }> {
  if (decisions.length === 0) return { versions: 0 };
  const seen = new Set<string>();
  for (const d of decisions) {
    if (seen.has(d.sampledItemId)) throw new Error(`recordGoldDecisions: item ${d.sampledItemId} appears twice`);
    seen.add(d.sampledItemId);
  }
  const payload = decisions.map((d) => ({
    gid: newRecordId(),
    item: d.sampledItemId,
    rubric: d.rubricId,
    vals: d.values,
    src: d.source,
    by: d.decidedById,
    rat: d.rationale,
    at: d.now.toISOString(),
    vid: newRecordId(),
    eid: newRecordId(),
  }));
  const [row] = await tx.$queryRawUnsafe<{ items: number; versions: number }[]>(GOLD_DECISIONS_SQL, projectId, JSON.stringify(payload));
  if (Number(row.items) !== decisions.length) throw new Error(`recordGoldDecisions: ${decisions.length - Number(row.items)} item(s) are not in project ${projectId}`);
  return { versions: Number(row.versions) };
}

/**
 * Labels that agreed were edited into disagreement: the consensus gold label goes (an adjudicated
 * one is never withdrawn this way), a withdrawn version records that from now on there was no
 * gold, and the item waits for adjudication. Caller holds the item's row lock.
 */
export async function withdrawConsensusGold(tx: Tx, input: { projectId: string; sampledItemId: string; now: Date }): Promise<void> {
  await tx.$queryRawUnsafe(
    `WITH dropped AS (
       DELETE FROM "GoldLabel" WHERE "sampledItemId" = $1 AND "projectId" = $2 AND source = 'consensus'
       RETURNING "projectId", "sampledItemId", "rubricId", "values", source),
     superseded AS (
       UPDATE "GoldLabelVersion" SET "isCurrent" = false, "supersededAt" = $3::timestamptz
        WHERE "projectId" = $2 AND "sampledItemId" = $1 AND "isCurrent" AND EXISTS (SELECT 1 FROM dropped) RETURNING id),
     withdrawal AS (
       INSERT INTO "GoldLabelVersion" ${VERSION_COLUMNS}
       SELECT $4, "projectId", "sampledItemId", "rubricId", "values", source, NULL, NULL, true, false, $3::timestamptz FROM dropped RETURNING id)
     UPDATE "SampledItem" SET status = 'needs_adjudication' WHERE id = $1 AND "projectId" = $2
     RETURNING (SELECT count(*) FROM withdrawal) AS withdrawn`,
    input.sampledItemId,
    input.projectId,
    input.now.toISOString(),
    newRecordId(),
  );
}

/**
 * A reviewer's edit of their label: the new values, a LabelRevision (before = the values until
 * now) and the label_edited event, in one statement. Caller holds the item's row lock.
 */
export async function recordLabelEdit(
  tx: Tx,
  input: { projectId: string; labelId: string; editorId: string; rubricId: string; values: LabelValues; now: Date },
): Promise<void> {
  await tx.$queryRawUnsafe(
    `WITH old AS (
       SELECT l.id, l."values", l."sampledItemId", l."reviewerId", s."auditId", s."outputId"::text AS "outputId"
         FROM "Label" l JOIN "SampledItem" s ON s.id = l."sampledItemId"
        WHERE l.id = $1 AND l."projectId" = $2),
     updated AS (
       UPDATE "Label" SET "values" = $3::jsonb, "rubricId" = $4, "updatedAt" = $5::timestamptz WHERE id = (SELECT id FROM old) AND "projectId" = $2 RETURNING id),
     revision AS (
       INSERT INTO "LabelRevision" (id, "projectId", "labelId", "editorId", "before", "after", "createdAt")
       SELECT $6, $2, old.id, $7, old."values", $3::jsonb, $5::timestamptz FROM old, updated RETURNING id),
     event AS (
       INSERT INTO "ReviewEvent" ${EVENT_COLUMNS}
       SELECT $8, $2, 'label_edited', old."auditId", old."sampledItemId", old."outputId", old.id, old."reviewerId", NULL, NULL, $4, $3::jsonb, $7, NULL, $5::timestamptz
         FROM old, updated RETURNING id)
     SELECT (SELECT count(*)::int FROM revision) AS revisions`,
    input.labelId,
    input.projectId,
    JSON.stringify(input.values),
    input.rubricId,
    input.now.toISOString(),
    newRecordId(),
    input.editorId,
    newRecordId(),
  );
}
