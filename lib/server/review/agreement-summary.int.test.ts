import { describe, expect, it, vi } from "vitest";
import { dimensionAgreement, reviewerQuality, type ItemLabels } from "@/lib/review/agreement-report";
import type { Dimension, LabelValues } from "@/lib/review/rubric";
import { prisma } from "@/lib/server/db/client";
import { processReviewEvents } from "@/lib/server/events/process";
import { claimNextAssignment, editLabel, submitLabel } from "./labels";
import { assignAuditItems } from "./routing";
import { getAgreementReport } from "./agreement";
import { agreementSummaryEventHandler, recomputeAgreementSummary } from "./agreement-summary";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";

// Events are drained by hand here: a read must be right while they are still pending.
vi.stubEnv("ASSAY_REVIEW_EVENTS", "0");

/** The audit's summary counts as sorted (entry, count) rows, zero rows left out. */
async function counts(auditId: string) {
  const db = await prisma();
  return db.$queryRawUnsafe<{ entry: string; count: number }[]>(`SELECT entry, count FROM "AgreementCount" WHERE "auditId" = $1 AND count <> 0 ORDER BY entry`, auditId);
}

/** The audit's labels and gold as lib/review/agreement-report's in-memory functions take them, read directly. */
async function itemLabels(projectId: string, auditId: string): Promise<ItemLabels[]> {
  const db = await prisma();
  const items = await db.sampledItem.findMany({
    where: { projectId, auditId },
    select: { id: true, gold: { select: { values: true, source: true } }, labels: { where: { assignment: { status: "submitted" } }, select: { reviewerId: true, values: true, timeSpentMs: true } } },
  });
  return items
    .filter((i) => i.labels.length > 0)
    .map((i) => ({
      sampledItemId: i.id,
      labels: i.labels.map((l) => ({ reviewerId: l.reviewerId, values: l.values as LabelValues, timeSpentMs: l.timeSpentMs })),
      gold: i.gold ? { values: i.gold.values as LabelValues, source: i.gold.source } : null,
    }));
}

describe("agreement summary", () => {
  it("shows a label edit on the next read before its event is drained; the handler, a replay and a rebuild give the same counts", async () => {
    const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: Array.from({ length: 12 }, () => ({ stratum: "billing", reviewersWanted: 2 })) });
    const { project, members, reviewers } = setup;
    await assignAuditItems({ projectId: project.id, auditId: setup.audit.id });
    const labelIds: string[][] = [[], []];
    for (const [r, actor] of reviewers.entries()) {
      for (;;) {
        const claim = (await claimNextAssignment({ projectSlug: project.slug, actor })).item;
        if (!claim) break;
        const i = setup.items.findIndex((it) => it.id === claim.sampledItemId);
        const values = { ...GOOD_LABEL, factuality: r === 1 && i % 4 === 0 ? "minor_error" : "correct", tone: r === 1 && i % 2 === 0 ? 5 : 4 };
        const { labelId } = await submitLabel({ projectSlug: project.slug, actor, assignmentId: claim.assignmentId!, values });
        labelIds[r].push(labelId);
      }
    }
    const db = await prisma();
    const rubric = await db.rubric.findFirstOrThrow({ where: { projectId: project.id }, orderBy: { version: "desc" } });
    const dims = rubric.dimensions as Dimension[];
    const fact = dims.find((d) => d.key === "factuality")!;
    const agreesWithLabels = async () => {
      const report = await getAgreementReport({ projectSlug: project.slug, actor: members.qa_lead, auditId: setup.audit.id });
      const items = await itemLabels(project.id, setup.audit.id);
      const expected = dimensionAgreement(fact, items);
      const got = report.dimensions.find((d) => d.key === "factuality")!;
      expect(got.items).toBe(expected.items);
      expect(got.alpha?.estimate).toBeCloseTo(expected.alpha!.estimate, 12);
      expect(got.percentAll?.estimate).toBeCloseTo(expected.percentAll!.estimate, 12);
      const quality = reviewerQuality(dims, items);
      for (const q of quality) {
        const row = report.reviewers.find((x) => x.reviewerId === q.reviewerId)!;
        expect(row.labels).toBe(q.labels);
        // The database's median is percentile_cont(0.5)/1000, the in-memory one averages the seconds: equal up to the last bit.
        if (q.medianSeconds === null) expect(row.medianSeconds).toBeNull();
        else expect(row.medianSeconds).toBeCloseTo(q.medianSeconds, 9);
        expect(row.dimensions.map((d) => [d.key, d.compared, d.matches])).toEqual(q.dimensions.map((d) => [d.key, d.compared, d.matches]));
      }
      return got;
    };

    // The first read builds the audit from all its labels.
    const before = await agreesWithLabels();
    expect(await db.agreementAudit.count({ where: { auditId: setup.audit.id } })).toBe(1);

    // Reviewer 1 edits a label into disagreement; its event is not drained: the next read still sees it.
    await editLabel({ projectSlug: project.slug, actor: reviewers[0], labelId: labelIds[0][1], values: { ...GOOD_LABEL, factuality: "major_error", harm: "none" } });
    expect(await db.reviewEvent.count({ where: { sampledItemId: { in: setup.items.map((i) => i.id) }, processedAt: null, kind: "label_edited" } })).toBe(1);
    const after = await agreesWithLabels();
    expect(after.percentAll!.estimate).not.toBe(before.percentAll!.estimate);
    const synced = await counts(setup.audit.id);

    // The drain's handler recomputes the same; replaying an event changes nothing.
    const drained = await processReviewEvents({ handlers: [agreementSummaryEventHandler] });
    expect(drained).toMatchObject({ failed: 0 });
    expect(drained.processed).toBeGreaterThan(0);
    expect(await counts(setup.audit.id)).toEqual(synced);
    const [event] = await db.reviewEvent.findMany({ where: { kind: "label_edited", labelId: labelIds[0][1] } });
    await agreementSummaryEventHandler.afterBatch([{ ...event, values: event.values as Record<string, unknown>, kind: "label_edited", goldSource: null }]);
    expect(await counts(setup.audit.id)).toEqual(synced);

    // Built again from nothing, the counts are the same.
    await db.agreementCount.deleteMany({ where: { auditId: setup.audit.id } });
    await db.agreementItem.deleteMany({ where: { auditId: setup.audit.id } });
    await db.agreementTime.deleteMany({ where: { auditId: setup.audit.id } });
    await db.agreementAudit.deleteMany({ where: { auditId: setup.audit.id } });
    await recomputeAgreementSummary(db, { projectId: project.id, auditIds: [setup.audit.id], buildAuditIds: [setup.audit.id] });
    expect(await counts(setup.audit.id)).toEqual(synced);
    await agreesWithLabels();

    // Medians across many seconds, untimed labels left out (times set in SQL, then built again): the
    // counts per second find the middle, the time index the values.
    await db.$executeRawUnsafe(
      `UPDATE "Label" l SET "timeSpentMs" = (ARRAY[0, 400, 1500, 2999, 3000, 61000, 125500])[1 + (x.rn % 7)]
         FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM "Label" WHERE "projectId" = $1) x WHERE l.id = x.id`,
      project.id,
    );
    await db.agreementAudit.deleteMany({ where: { auditId: setup.audit.id } });
    await db.agreementCount.deleteMany({ where: { auditId: setup.audit.id } });
    await db.agreementItem.deleteMany({ where: { auditId: setup.audit.id } });
    await db.agreementTime.deleteMany({ where: { auditId: setup.audit.id } });
    await agreesWithLabels();
    const medians = (await getAgreementReport({ projectSlug: project.slug, actor: members.qa_lead, auditId: setup.audit.id })).reviewers.map((r) => r.medianSeconds);
    expect(medians.some((m) => m !== null && m > 1)).toBe(true);
  });
});
