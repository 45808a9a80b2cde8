// Claiming, labelling and editing. The claim is one UPDATE whose target is chosen by
// `SELECT ... FOR UPDATE SKIP LOCKED`, so concurrent claims never hand out one assignment twice
// and never wait on each other; the lease only says "open in some tab until then".
import "server-only";
import crypto from "node:crypto";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { validateLabel } from "./validate";
import { can, roleCan } from "@/lib/auth/permissions";
import { ensureCurrentRubric, findRubricById } from "./rubrics";
import { hasContext, itemSelect, labelsForViewer, shapeItem, type ItemRow } from "./items";
import type { ReviewItem } from "@/lib/review/workspace-types";
import { finalizeItem } from "./gold";
import { consensus } from "@/lib/review/consensus";
import { preparedStatement } from "@/lib/server/db/prepared";
import { labelSubmitEventIds, labelSubmitWrites, recordLabelEdit } from "./record";
import { kickReviewEvents } from "@/lib/server/events/process";

function newId(): string {
  return `c${crypto.randomBytes(12).toString("hex")}`;
}

export function leaseMinutes(): number {
  const value = Number(process.env.ASSAY_LEASE_MINUTES ?? 15);
  return Number.isFinite(value) && value > 0 ? value : 15;
}

const MAX_TIME_SPENT_MS = 24 * 3600 * 1000;

function userOf(actor: Actor) {
  if (actor.kind !== "user") throw new ForbiddenError("review:label");
  return actor;
}


/** Claims the actor's next open assignment (first due audit first), or null when the queue is empty. */
export async function claimNextAssignment(input: { projectSlug: string; actor: Actor; now?: Date }): Promise<{ item: ReviewItem | null; remaining: number }> {
  const user = userOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  return claimFor(project.id, project.blindReview, user.userId, input.now ?? new Date());
}

type ClaimRow = {
  remaining: number;
  rubricId: string | null;
  id: string | null;
  leaseExpiresAt: Date | null;
  sampledItemId: string;
  status: ItemRow["status"];
  stratum: string;
  auditId: string;
  week: string;
  auditStatus: ItemRow["audit"]["status"];
  outputId: string;
  timestamp: Date;
} & Omit<ReviewItem["output"], "id" | "timestamp">;

// One statement: lease the first claimable assignment, read its item, and count the queue. The
// inner SELECT ... FOR UPDATE SKIP LOCKED makes concurrent claims take different rows without
// waiting; a row another claim has just leased fails the lease condition on re-check.
// There is deliberately no ORDER BY: sorting a reviewer's whole queue on every claim cost more
// than the rest of submit + next together, and the (projectId, reviewerId, status) index hands
// rows out roughly in routing order (routing inserts them by sample key, oldest audit first). The
// count is of open assignments, without the joins, for the same reason.
//
// The claim as CTE and result columns, with the statement's own parameter numbers, so that the
// solo submit can claim the next item in the same statement (see SUBMIT_SOLO_LABEL_AND_CLAIM_SQL).
const claimWrites = (p: { project: string; reviewer: string; leaseUntil: string; now: string }, claimIf = "") => `claimed AS (
  UPDATE "Assignment" SET "leaseExpiresAt" = ${p.leaseUntil}::timestamptz, "openedAt" = COALESCE("openedAt", ${p.now}::timestamptz)
   WHERE "projectId" = ${p.project} AND id = (
     SELECT a.id FROM "Assignment" a
       JOIN "SampledItem" s ON s.id = a."sampledItemId"
       JOIN "Audit" au ON au.id = s."auditId"
      WHERE a."projectId" = ${p.project} AND a."reviewerId" = ${p.reviewer} AND a.status = 'assigned'
        AND s.status = 'pending' AND au.status = 'open'
        AND (a."leaseExpiresAt" IS NULL OR a."leaseExpiresAt" <= ${p.now}::timestamptz) ${claimIf}
      LIMIT 1
      FOR UPDATE OF a SKIP LOCKED)
   RETURNING id, "sampledItemId", "leaseExpiresAt")`;
const CLAIMED_COLUMNS = `c.id, c."leaseExpiresAt", cs.id AS "sampledItemId", cs.status::text AS status, cs.stratum, cs."auditId", cau.week, cau.status::text AS "auditStatus",
       co.id::text AS "outputId", co."externalId", co.timestamp, co."taskType", co.model, co.input, co.output, co.context, co.metadata`;
const CLAIMED_FROM = `FROM (SELECT 1) one
  LEFT JOIN claimed c ON true
  LEFT JOIN "SampledItem" cs ON cs.id = c."sampledItemId"
  LEFT JOIN "Audit" cau ON cau.id = cs."auditId"
  LEFT JOIN "LoggedOutput" co ON co.id = cs."outputId"`;
const OPEN_ASSIGNMENTS = (project: string, reviewer: string) =>
  `(SELECT count(*)::int FROM "Assignment" a WHERE a."projectId" = ${project} AND a."reviewerId" = ${reviewer} AND a.status = 'assigned')`;

const CLAIM_SQL = preparedStatement(
  "assay_claim_next",
  `
WITH ${claimWrites({ project: "$1", reviewer: "$2", leaseUntil: "$3", now: "$4" })}
SELECT ${OPEN_ASSIGNMENTS("$1", "$2")} AS remaining,
       (SELECT r.id FROM "Rubric" r WHERE r."projectId" = $1 ORDER BY r.version DESC LIMIT 1) AS "rubricId",
       ${CLAIMED_COLUMNS}
  ${CLAIMED_FROM}`,
);

export type AssignmentForSubmit = {
  id: string;
  status: string;
  sampledItemId: string;
  itemStatus: string;
  wanted: number;
  auditStatus: string;
  hasContext: boolean;
  rubricId: string | null;
};

// The assignment, its item, its audit and the current rubric's id; with the lock (FOR UPDATE OF
// the item) when submitting under the item lock, see submitLabel.
const readAssignmentSql = (lock: string) => `SELECT a.id, a.status::text AS status, s.id AS "sampledItemId", s.status::text AS "itemStatus", s."reviewersWanted" AS wanted,
              au.status::text AS "auditStatus",
              (o.context IS NOT NULL AND o.context <> 'null'::jsonb AND o.context <> '[]'::jsonb AND o.context <> '""'::jsonb) AS "hasContext",
              (SELECT r.id FROM "Rubric" r WHERE r."projectId" = $1 ORDER BY r.version DESC LIMIT 1) AS "rubricId"
         FROM "Assignment" a JOIN "SampledItem" s ON s.id = a."sampledItemId" JOIN "Audit" au ON au.id = s."auditId" JOIN "LoggedOutput" o ON o.id = s."outputId"
        WHERE a.id = $2 AND a."projectId" = $1 AND a."reviewerId" = $3 ${lock}`;
const READ_ASSIGNMENT_SQL = preparedStatement("assay_read_assignment", readAssignmentSql(""));
const READ_ASSIGNMENT_LOCKING_ITEM_SQL = preparedStatement("assay_read_assignment_locking_item", readAssignmentSql("FOR UPDATE OF s"));

// The writes both submit statements share (label, revision, consensus gold for a single-review
// item, and their events) live in ./record, the one write point of labels and gold.
const labelWrites = labelSubmitWrites;

// A single-review item (most of a sample) in one statement, outside an explicit transaction: the
// item row is locked first and the write only happens if, after the lock, the item still wants
// exactly one label, is pending, its audit is open and the label's rubric is still the current
// one. Otherwise nothing is written and the caller takes the locked path, which re-checks all of
// it and says what changed.
const SOLO_WRITES = `item AS (
         SELECT s.id, s."auditId", s."outputId" FROM "SampledItem" s
          WHERE s.id = $6 AND s."projectId" = $5 AND s."reviewersWanted" = 1 AND s.status = 'pending'
          FOR UPDATE),
       writable AS (
         SELECT item.id FROM item JOIN "Audit" au ON au.id = item."auditId"
          WHERE au.status = 'open'
            AND (SELECT r.id FROM "Rubric" r WHERE r."projectId" = $5 ORDER BY r.version DESC LIMIT 1) = $8
            AND NOT EXISTS (SELECT 1 FROM "Label" l JOIN "Assignment" a ON a.id = l."assignmentId"
                             WHERE l."sampledItemId" = $6 AND a.status = 'submitted')),
       ${labelWrites("AND EXISTS (SELECT 1 FROM writable)", "FROM label")}`;
const SUBMIT_SOLO_LABEL_SQL = preparedStatement(
  "assay_submit_solo_label",
  `WITH ${SOLO_WRITES}
       SELECT (SELECT id FROM label) AS "labelId", (SELECT count(*)::int FROM golden) AS golden, (SELECT count(*) FROM revision) AS revisions`,
);

// The same write, and when it happened the claim of the reviewer's next item (one round trip
// less per submit + next, the review request's most common call); $16 is the new lease's end. The
// claim sees the snapshot before this statement's own writes, so it leaves out the assignment
// being submitted, and "remaining" counts that one until it is subtracted here.
const SUBMIT_SOLO_LABEL_AND_CLAIM_SQL = preparedStatement(
  "assay_submit_solo_label_and_claim",
  `WITH ${SOLO_WRITES},
       ${claimWrites({ project: "$5", reviewer: "$7", leaseUntil: "$16", now: "$3" }, `AND a.id <> $1 AND EXISTS (SELECT 1 FROM label)`)}
       SELECT (SELECT id FROM label) AS "labelId", (SELECT count(*)::int FROM golden) AS golden, (SELECT count(*) FROM revision) AS revisions,
              ${OPEN_ASSIGNMENTS("$5", "$7")} - (SELECT count(*)::int FROM submitted) AS remaining, $8 AS "rubricId",
              ${CLAIMED_COLUMNS}
         ${CLAIMED_FROM}`,
);

// Under the item lock: marks the assignment submitted and writes the label, its first revision
// and, for a single-review item, its consensus gold label. Subqueries see the snapshot before this
// statement: "before" counts the other labels.
const SUBMIT_LABEL_SQL = preparedStatement(
  "assay_submit_label",
  `WITH item AS (
         SELECT s."reviewersWanted" AS wanted, s.status, s."auditId", s."outputId",
                (SELECT count(*)::int FROM "Label" l JOIN "Assignment" a ON a.id = l."assignmentId"
                  WHERE l."projectId" = $5 AND l."sampledItemId" = $6 AND a.status = 'submitted') AS before
           FROM "SampledItem" s WHERE s.id = $6 AND s."projectId" = $5),
       ${labelWrites("", "FROM label, item WHERE item.wanted = 1 AND item.before = 0 AND item.status = 'pending'")}
       SELECT (SELECT id FROM label) AS "labelId", item.before, item.wanted,
              (SELECT count(*)::int FROM golden) AS golden, (SELECT count(*) FROM revision) AS revisions
         FROM item`,
);

async function claimFor(projectId: string, blind: boolean, reviewerId: string, now: Date): Promise<{ item: ReviewItem | null; remaining: number }> {
  const database = await getDatabase();
  const {
    rows: [row],
  } = await database.query<ClaimRow>(CLAIM_SQL, [projectId, reviewerId, leaseEnd(now).toISOString(), now.toISOString()]);
  return claimedItem(projectId, blind, reviewerId, row);
}

function leaseEnd(now: Date): Date {
  return new Date(now.getTime() + leaseMinutes() * 60_000);
}

/** The claimed item as the workspace shows it, from the claim's result row (CLAIMED_COLUMNS). */
async function claimedItem(projectId: string, blind: boolean, reviewerId: string, row: ClaimRow): Promise<{ item: ReviewItem | null; remaining: number }> {
  const remaining = Number(row.remaining);
  if (!row.id) return { item: null, remaining };
  const db = await prisma();
  const rubric = (row.rubricId ? await findRubricById(db, projectId, row.rubricId) : null) ?? (await ensureCurrentRubric(db, projectId));
  const item: ItemRow = {
    id: row.sampledItemId,
    status: row.status,
    stratum: row.stratum,
    auditId: row.auditId,
    audit: { week: row.week, status: row.auditStatus },
    output: { id: row.outputId, externalId: row.externalId, timestamp: new Date(row.timestamp), taskType: row.taskType, model: row.model, input: row.input, output: row.output, context: row.context, metadata: row.metadata } as ItemRow["output"],
  };
  // A fresh claim is always unsubmitted: with blind review no other label is even read.
  const labels = blind ? { ownLabel: null, otherLabels: null } : await labelsForViewer(db, { projectId, sampledItemId: item.id, viewerId: reviewerId, blind, ownOpen: true });
  return { item: shapeItem(item, rubric, { id: row.id, status: "assigned", leaseExpiresAt: row.leaseExpiresAt ? new Date(row.leaseExpiresAt) : null }, labels), remaining };
}

/** Open assignments of the reviewer on pending items of open audits (leased or not). */
async function countOpen(projectId: string, reviewerId: string): Promise<number> {
  const db = await prisma();
  return db.assignment.count({ where: { projectId, reviewerId, status: "assigned", sampledItem: { status: "pending", audit: { status: "open" } } } });
}

export async function countOpenAssignments(input: { projectSlug: string; actor: Actor }): Promise<number> {
  const user = userOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  return countOpen(project.id, user.userId);
}

/** Gives an open item back to the queue (the tab was closed): its lease ends now. */
export async function releaseAssignment(input: { projectSlug: string; actor: Actor; assignmentId: string }): Promise<void> {
  const user = userOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const db = await prisma();
  const result = await db.assignment.updateMany({ where: { id: input.assignmentId, projectId: project.id, reviewerId: user.userId, status: "assigned" }, data: { leaseExpiresAt: null } });
  if (result.count === 0) throw new NotFoundError("Assignment not found");
}

/**
 * One item as the actor may see it: a reviewer only items assigned to them, a QA lead or admin
 * any item of the project. Other labels are withheld while blind review is on and the actor's own
 * assignment is still open.
 */
export async function getReviewItem(input: { projectSlug: string; actor: Actor; sampledItemId: string }): Promise<ReviewItem> {
  const access = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "project:read" });
  const { project } = access;
  const db = await prisma();
  const viewerId = input.actor.kind === "user" ? input.actor.userId : null;
  const [row, assignment] = await Promise.all([
    db.sampledItem.findFirst({ where: { id: input.sampledItemId, projectId: project.id }, select: itemSelect }),
    viewerId ? db.assignment.findUnique({ where: { sampledItemId_reviewerId: { sampledItemId: input.sampledItemId, reviewerId: viewerId } }, select: { id: true, status: true, leaseExpiresAt: true, projectId: true } }) : null,
  ]);
  const own = assignment && assignment.projectId === project.id ? assignment : null;
  const reviewerMayLabel = roleCan(access, "review:label");
  if (!row || (!can(access, "review:manage") && !(own && reviewerMayLabel))) throw new NotFoundError("Item not found");
  const labels = await labelsForViewer(db, { projectId: project.id, sampledItemId: row.id, viewerId, blind: project.blindReview, ownOpen: own?.status === "assigned" });
  const gold = await db.goldLabel.findUnique({ where: { sampledItemId: row.id }, select: { rubricId: true } });
  const rubric = (own?.status !== "assigned" && labels.ownLabel ? await findRubricById(db, project.id, labels.ownLabel.rubricId) : null) ??
    (gold ? await findRubricById(db, project.id, gold.rubricId) : null) ??
    (await ensureCurrentRubric(db, project.id));
  return shapeItem(row, rubric, own, labels);
}

function timeSpent(ms: unknown): number {
  if (ms === undefined || ms === null) return 0;
  if (typeof ms !== "number" || !Number.isFinite(ms) || ms < 0) throw new ValidationError([{ field: "timeSpentMs", message: "time spent is a number of milliseconds ≥ 0" }]);
  return Math.min(Math.round(ms), MAX_TIME_SPENT_MS);
}

export type SubmitInput = { projectId: string; assignmentId: string; reviewerId: string; values: unknown; spent: number; now: Date; labelId: string };
type Db = Awaited<ReturnType<typeof prisma>>;

function assertSubmittable(assignment: AssignmentForSubmit | undefined): asserts assignment is AssignmentForSubmit {
  if (!assignment) throw new NotFoundError("Assignment not found");
  if (assignment.status === "submitted") throw new ConflictError("This item is already labelled; edit your label instead.");
  if (assignment.status === "skipped") throw new ConflictError("This item was taken off your queue by a QA lead.");
  if (assignment.auditStatus !== "open") throw new ConflictError("The audit is closed; labels can no longer be added.");
  if (assignment.itemStatus === "skipped") throw new ConflictError("A QA lead skipped this item.");
}

async function currentRubricFor(db: Parameters<typeof ensureCurrentRubric>[0], projectId: string, rubricId: string | null) {
  return (rubricId ? await findRubricById(db, projectId, rubricId) : null) ?? (await ensureCurrentRubric(db, projectId));
}

type SoloWritten = { labelId: string; itemStatus: string };

/**
 * The one-statement path for a single-review item; null when it wrote nothing (see
 * SUBMIT_SOLO_LABEL_SQL). With `claimNext` the same statement claims the reviewer's next item.
 */
export async function submitSoloLabel(db: Db, submit: SubmitInput, seen: AssignmentForSubmit): Promise<SoloWritten | null>;
export async function submitSoloLabel(db: Db, submit: SubmitInput, seen: AssignmentForSubmit, claimNext: { blind: boolean }): Promise<(SoloWritten & { next: ReviewItem | null; remaining: number }) | null>;
export async function submitSoloLabel(db: Db, submit: SubmitInput, seen: AssignmentForSubmit, claimNext?: { blind: boolean }) {
  const rubric = await currentRubricFor(db, submit.projectId, seen.rubricId);
  const values = validateLabel(rubric, submit.values, seen.hasContext);
  // A single-review item is its own consensus: its gold label is written with the label.
  const gold = consensus(rubric.dimensions, [{ values, submittedAt: submit.now }]).values;
  const params = [
    seen.id,
    newId(),
    submit.now.toISOString(),
    submit.labelId,
    submit.projectId,
    seen.sampledItemId,
    submit.reviewerId,
    rubric.id,
    JSON.stringify(values),
    submit.spent,
    newId(),
    JSON.stringify(gold),
    ...labelSubmitEventIds(),
  ];
  const database = await getDatabase();
  // Without claimNext the row has the write's columns only (the claim's are then not read).
  const {
    rows: [written],
  } = await database.query<{ labelId: string | null; golden: number } & ClaimRow>(
    claimNext ? SUBMIT_SOLO_LABEL_AND_CLAIM_SQL : SUBMIT_SOLO_LABEL_SQL,
    claimNext ? [...params, leaseEnd(submit.now).toISOString()] : params,
  );
  if (!written?.labelId) return null;
  const itemStatus =
    Number(written.golden) > 0
      ? "gold"
      : // An adjudicated gold label was already there: finalizeItem decides under the item lock.
        await db.$transaction(async (tx) => {
          await tx.$queryRawUnsafe(`SELECT id FROM "SampledItem" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`, seen.sampledItemId, submit.projectId);
          return finalizeItem(tx, { projectId: submit.projectId, sampledItemId: seen.sampledItemId, now: submit.now });
        });
  if (!claimNext) return { labelId: submit.labelId, itemStatus };
  const next = await claimedItem(submit.projectId, claimNext.blind, submit.reviewerId, written);
  return { labelId: submit.labelId, itemStatus, next: next.item, remaining: next.remaining };
}

async function submitUnderItemLock(db: Db, submit: SubmitInput): Promise<{ labelId: string; itemStatus: string }> {
  return db.$transaction(async (tx) => {
    // Reads the assignment and locks its item in one statement. The lock serialises the labels of
    // one item, so that exactly one submit sees the item complete; the next statement's snapshot
    // is taken after the lock, so it sees every label committed before.
    const [assignment] = await tx.$queryRawUnsafe<AssignmentForSubmit[]>(READ_ASSIGNMENT_LOCKING_ITEM_SQL, submit.projectId, submit.assignmentId, submit.reviewerId);
    assertSubmittable(assignment);
    const rubric = await currentRubricFor(tx, submit.projectId, assignment.rubricId);
    const values = validateLabel(rubric, submit.values, assignment.hasContext);
    const soloGold = consensus(rubric.dimensions, [{ values, submittedAt: submit.now }]).values;
    const [written] = await tx.$queryRawUnsafe<{ labelId: string | null; before: number; wanted: number; golden: number }[]>(
      SUBMIT_LABEL_SQL,
      assignment.id,
      newId(),
      submit.now.toISOString(),
      submit.labelId,
      submit.projectId,
      assignment.sampledItemId,
      submit.reviewerId,
      rubric.id,
      JSON.stringify(values),
      submit.spent,
      newId(),
      JSON.stringify(soloGold),
      ...labelSubmitEventIds(),
    );
    if (!written?.labelId) throw new ConflictError("This item is already labelled or was taken off your queue.");
    if (Number(written.golden) > 0) return { labelId: submit.labelId, itemStatus: "gold" };
    // The item is complete when the others plus this one reach the wanted number.
    if (Number(written.before) + 1 < Number(written.wanted)) return { labelId: submit.labelId, itemStatus: "pending" };
    return { labelId: submit.labelId, itemStatus: await finalizeItem(tx, { projectId: submit.projectId, sampledItemId: assignment.sampledItemId, now: submit.now }) };
  });
}

export type SubmitResult = { labelId: string; itemStatus: string; next: ReviewItem | null; remaining: number };

/**
 * Submits the reviewer's label for an assignment, validated against the current rubric; when the
 * item has all its wanted labels it is finalised (consensus gold, or the adjudication queue). With
 * `claimNext` the next item is claimed in the same request.
 */
export async function submitLabel(input: {
  projectSlug: string;
  actor: Actor;
  assignmentId: string;
  values: unknown;
  timeSpentMs?: unknown;
  claimNext?: boolean;
  now?: Date;
}): Promise<SubmitResult> {
  const user = userOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const database = await getDatabase();
  const db = database.prisma;
  const now = input.now ?? new Date();
  const spent = timeSpent(input.timeSpentMs);
  const submit = { projectId: project.id, assignmentId: input.assignmentId, reviewerId: user.userId, values: input.values, spent, now, labelId: newId() };
  // Read and validate without holding anything; a single-review item is then written by one
  // statement. The embedded database is one session, so a transaction held across validation
  // would make every other request wait; the locked path remains for overlap items and for
  // whatever changed between the read and the write.
  // These statements go to the driver directly (Database.query): Prisma's per-call work was about
  // a tenth of the app's CPU on this path.
  const {
    rows: [seen],
  } = await database.query<AssignmentForSubmit>(READ_ASSIGNMENT_SQL, [project.id, input.assignmentId, user.userId]);
  assertSubmittable(seen);
  if (Number(seen.wanted) === 1 && input.claimNext) {
    const solo = await submitSoloLabel(db, submit, seen, { blind: project.blindReview });
    if (solo) {
      kickReviewEvents();
      return solo;
    }
  }
  const result = (Number(seen.wanted) === 1 && !input.claimNext ? await submitSoloLabel(db, submit, seen) : null) ?? (await submitUnderItemLock(db, submit));
  kickReviewEvents();
  if (!input.claimNext) return { ...result, next: null, remaining: await countOpen(project.id, user.userId) };
  const next = await claimFor(project.id, project.blindReview, user.userId, now);
  return { ...result, next: next.item, remaining: next.remaining };
}

/**
 * Edits the reviewer's own label while the audit is open. The label row holds the latest values;
 * every change adds a LabelRevision (editor, time, before, after), so history is never lost.
 */
export async function editLabel(input: { projectSlug: string; actor: Actor; labelId: string; values: unknown; now?: Date }): Promise<{ labelId: string; itemStatus: string }> {
  const user = userOf(input.actor);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "review:label" });
  const db = await prisma();
  const label = await db.label.findFirst({
    where: { id: input.labelId, projectId: project.id, reviewerId: user.userId },
    select: { id: true, values: true, sampledItem: { select: { id: true, audit: { select: { status: true } }, output: { select: { context: true } } } } },
  });
  if (!label) throw new NotFoundError("Label not found");
  if (label.sampledItem.audit.status !== "open") throw new ConflictError("The audit is closed; labels can no longer be edited.");
  const rubric = await ensureCurrentRubric(db, project.id);
  const values = validateLabel(rubric, input.values, hasContext(label.sampledItem.output.context));
  const now = input.now ?? new Date();
  const result = await db.$transaction(async (tx) => {
    await tx.$queryRawUnsafe(`SELECT id FROM "SampledItem" WHERE id = $1 AND "projectId" = $2 FOR UPDATE`, label.sampledItem.id, project.id);
    // Under the lock the statement's "before" is the "after" of the previous revision.
    await recordLabelEdit(tx, { projectId: project.id, labelId: label.id, editorId: user.userId, rubricId: rubric.id, values, now });
    const status = await finalizeItem(tx, { projectId: project.id, sampledItemId: label.sampledItem.id, now });
    return { labelId: label.id, itemStatus: status };
  });
  kickReviewEvents();
  return result;
}

export async function listLabelHistory(input: { projectSlug: string; actor: Actor; labelId: string }) {
  const access = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "project:read" });
  const db = await prisma();
  const viewerId = input.actor.kind === "user" ? input.actor.userId : null;
  const label = await db.label.findFirst({ where: { id: input.labelId, projectId: access.project.id }, select: { id: true, reviewerId: true } });
  if (!label || (label.reviewerId !== viewerId && !can(access, "review:manage"))) throw new NotFoundError("Label not found");
  return db.labelRevision.findMany({ where: { projectId: access.project.id, labelId: label.id }, orderBy: { createdAt: "asc" }, select: { id: true, editorId: true, before: true, after: true, createdAt: true } });
}
