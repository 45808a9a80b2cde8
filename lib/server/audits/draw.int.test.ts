import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { makeProject } from "@/tests/fixtures";
import { isoWeekRange } from "@/lib/audits/week";
import { drawWeeklySample } from "./draw";
import { savePlan } from "./plans";
import { sampleHashSeed } from "@/lib/audits/sample-key";
import { ensureCurrentRubric } from "@/lib/server/review/rubrics";
import { ForbiddenError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { systemActor } from "@/lib/server/auth/actor";

const WEEK = "2026-W10";
const AFTER = new Date("2026-03-20T00:00:00Z"); // well after the week and its grace period

/** `counts` outputs per task type spread over the week (UTC project). */
async function seedWeek(projectId: string, counts: Record<string, number>, prefix = "o", week = WEEK, extra: Partial<LoggedOutputRow> = {}) {
  const db = await getDatabase();
  const { start } = isoWeekRange(week, "UTC");
  const rows: LoggedOutputRow[] = [];
  for (const [taskType, n] of Object.entries(counts)) {
    for (let i = 0; i < n; i++) {
      rows.push({
        externalId: `${prefix}-${taskType}-${i}`,
        timestamp: new Date(start.getTime() + ((i * 7 * 86_400_000) / n) + 1000),
        taskType: taskType === "none" ? null : taskType,
        model: "m",
        input: { q: i },
        output: { a: i },
        context: null,
        metadata: { channel: i % 3 === 0 ? "email" : "chat" },
        signals: null,
        redactions: 0,
        ...extra,
      });
    }
  }
  for (let i = 0; i < rows.length; i += 2000) await insertLoggedOutputs(db, projectId, rows.slice(i, i + 2000));
}

async function items(auditId: string) {
  const db = await prisma();
  return db.sampledItem.findMany({ where: { auditId }, include: { output: { select: { externalId: true, taskType: true } } }, orderBy: { outputId: "asc" } });
}

const basePlan = {
  method: "fixed",
  methodParams: { fixedSize: 60 },
  allocation: "proportional",
  strata: [
    { value: "billing", risk: "low" },
    { value: "medical", risk: "high", minimum: 15 },
    { value: "refunds", risk: "low" },
  ],
  overlapShare: 0.2,
  overlapReviewers: 2,
};

describe("drawWeeklySample", () => {
  it("creates the default plan, stores population, strata and items with inclusion probabilities", async () => {
    const { project } = await makeProject();
    await seedWeek(project.id, { billing: 600, refunds: 300, medical: 100 });
    const result = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER });
    expect(result.created).toBe(true);
    const db = await prisma();
    const plan = await db.auditPlan.findFirstOrThrow({ where: { projectId: project.id } });
    expect(plan).toMatchObject({ version: 1, method: "estimate", allocation: "proportional", overlapShare: 0.2, overlapReviewers: 2, dueDays: 5, graceHours: 24 });
    const audit = await db.audit.findUniqueOrThrow({ where: { id: result.auditId } });
    expect(audit.population).toBe(1000);
    expect(audit.partial).toBe(false);
    // Cochran: n0 = 1.96²·0.05·0.95/0.03² = 202.75; with N = 1000: 168.8 → 169
    expect(audit.sampleSize).toBe(169);
    const sampled = await items(result.auditId);
    expect(sampled).toHaveLength(169);
    const strata = audit.strata as { stratum: string; population: number; allocated: number; overlap: number }[];
    for (const s of strata) {
      const mine = sampled.filter((i) => i.stratum === s.stratum);
      expect(mine).toHaveLength(s.allocated);
      for (const i of mine) {
        expect(i.output.taskType).toBe(s.stratum);
        expect(i.inclusionProbability).toBeCloseTo(s.allocated / s.population, 12);
      }
      expect(mine.filter((i) => i.reviewersWanted === 2)).toHaveLength(s.overlap);
    }
    expect(Object.fromEntries(strata.map((s) => [s.stratum, s.population]))).toEqual({ billing: 600, refunds: 300, medical: 100 });
    expect(audit.dueAt.getTime() - AFTER.getTime()).toBe(5 * 86_400_000);
    // The taken items are the smallest keys of each stratum: no unsampled output of a stratum has a smaller key.
    const { rows } = await (await getDatabase()).query<{ stratum: string; maxkey: string; smaller: number }>(
      `SELECT s."stratum", max(s."sampleKey"::bigint)::text AS maxkey,
              (SELECT count(*)::int FROM "LoggedOutput" o WHERE o."projectId" = $1 AND o."taskType" = s."stratum"
                 AND hashtextextended(o."externalId", $2::bigint) <= max(s."sampleKey"::bigint)) AS smaller
         FROM "SampledItem" s WHERE s."auditId" = $3 GROUP BY s."stratum"`,
      [project.id, sampleHashSeed(audit.seed).toString(), audit.id],
    );
    for (const r of rows) expect(r.smaller).toBe(strata.find((s) => s.stratum === r.stratum)!.allocated);
  });

  it("is reproducible: the same seed over the same population gives the identical sample", async () => {
    const a = await makeProject();
    const b = await makeProject();
    for (const p of [a, b]) {
      await seedWeek(p.project.id, { billing: 500, refunds: 200, medical: 80 });
      await savePlan({ projectSlug: p.project.slug, actor: p.members.qa_lead, spec: basePlan });
    }
    const first = await drawWeeklySample({ projectId: a.project.id, actor: a.members.qa_lead, week: WEEK, now: AFTER, seed: "fixed-seed" });
    const second = await drawWeeklySample({ projectId: b.project.id, actor: b.members.qa_lead, week: WEEK, now: AFTER, seed: "fixed-seed" });
    const pick = async (id: string) => (await items(id)).map((i) => [i.output.externalId, i.stratum, i.sampleKey, i.reviewersWanted, i.inclusionProbability].join("|")).sort();
    expect(await pick(first.auditId)).toEqual(await pick(second.auditId));
    expect((await pick(first.auditId)).length).toBe(60);

    // Drawing the same project again after deleting the audit reproduces it too.
    const db = await prisma();
    const before = await pick(first.auditId);
    await db.audit.delete({ where: { id: first.auditId } });
    const again = await drawWeeklySample({ projectId: a.project.id, actor: a.members.qa_lead, week: WEEK, now: AFTER, seed: "fixed-seed" });
    expect(await pick(again.auditId)).toEqual(before);

    // A different seed gives a different sample of the same sizes.
    const c = await makeProject();
    await seedWeek(c.project.id, { billing: 500, refunds: 200, medical: 80 });
    await savePlan({ projectSlug: c.project.slug, actor: c.members.qa_lead, spec: basePlan });
    const other = await drawWeeklySample({ projectId: c.project.id, actor: systemActor("test"), week: WEEK, now: AFTER, seed: "another-seed" });
    expect(await pick(other.auditId)).not.toEqual(before);
  });

  it("is frozen: later logs and plan edits do not change a drawn audit", async () => {
    const { project, members } = await makeProject();
    await seedWeek(project.id, { billing: 300, medical: 50 });
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: basePlan });
    const drawn = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER });
    const db = await prisma();
    const snapshot = async () => ({ audit: await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } }), items: await items(drawn.auditId) });
    const before = await snapshot();

    await seedWeek(project.id, { billing: 200, medical: 40, refunds: 30 }, "late");
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...basePlan, methodParams: { fixedSize: 200 }, allocation: "oversample", oversampleFactor: 3 } });
    const redraw = await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: WEEK, now: AFTER, onDemand: true });
    expect(redraw).toEqual({ auditId: drawn.auditId, created: false });
    expect(await snapshot()).toEqual(before);
    expect(before.audit.population).toBe(350);
  });

  it("applies minimums, keeps empty strata visible, and counts unplanned and missing task types", async () => {
    const { project, members } = await makeProject();
    await seedWeek(project.id, { billing: 900, medical: 40, none: 60, chit_chat: 100 });
    await savePlan({
      projectSlug: project.slug,
      actor: members.qa_lead,
      spec: { ...basePlan, methodParams: { fixedSize: 50 }, strata: [...basePlan.strata, { value: "legal", risk: "high", minimum: 5 }] },
    });
    const drawn = await drawWeeklySample({ projectId: project.id, actor: members.admin, week: WEEK, now: AFTER });
    const db = await prisma();
    const audit = await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } });
    const strata = audit.strata as { stratum: string; population: number; allocated: number; empty: boolean; minimum: number; minimumShortfall?: number; unplanned: boolean }[];
    const by = Object.fromEntries(strata.map((s) => [s.stratum, s]));
    expect(Object.keys(by).sort()).toEqual(["", "billing", "chit_chat", "legal", "medical", "refunds"]);
    expect(by.medical.allocated).toBe(15); // proportional would give 2; the minimum wins
    expect(by.refunds).toMatchObject({ population: 0, allocated: 0, empty: true });
    expect(by.legal).toMatchObject({ population: 0, allocated: 0, empty: true, minimum: 0, minimumShortfall: 5 });
    expect(by[""]).toMatchObject({ population: 60, unplanned: true });
    expect(by.chit_chat).toMatchObject({ population: 100, unplanned: true });
    expect(audit.sampleSize).toBe(50);
    const sampled = await items(drawn.auditId);
    expect(sampled).toHaveLength(50);
    expect(sampled.filter((i) => i.stratum === "").every((i) => i.output.taskType === null)).toBe(true);
    expect(sampled.filter((i) => i.stratum === "")).toHaveLength(by[""].allocated);
  });

  it("oversamples high-risk strata by the plan's factor", async () => {
    const { project, members } = await makeProject();
    await seedWeek(project.id, { billing: 800, medical: 200 });
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...basePlan, methodParams: { fixedSize: 100 }, allocation: "oversample", oversampleFactor: 3, strata: [{ value: "billing", risk: "low" }, { value: "medical", risk: "high" }] } });
    const drawn = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER });
    const db = await prisma();
    const strata = (await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } })).strata as { stratum: string; allocated: number }[];
    // weights 800·1 and 200·3: 100·600/1400 = 42.9 → 43 medical, 57 billing (proportional would be 20/80)
    expect(Object.fromEntries(strata.map((s) => [s.stratum, s.allocated]))).toEqual({ billing: 57, medical: 43 });
    expect(await db.sampledItem.count({ where: { auditId: drawn.auditId, stratum: "medical" } })).toBe(43);
  });

  it("weights Neyman allocation by the error rates observed in earlier audits' gold labels", async () => {
    const { project, members } = await makeProject();
    const neyman = { ...basePlan, methodParams: { fixedSize: 100, expectedRate: 0.05 }, allocation: "neyman", strata: [{ value: "billing", risk: "low" }, { value: "refunds", risk: "low" }, { value: "medical", risk: "low" }] };
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: neyman });
    await seedWeek(project.id, { billing: 500, refunds: 500, medical: 500 }, "w9", "2026-W09");
    await seedWeek(project.id, { billing: 500, refunds: 500, medical: 500 });
    const db = await prisma();
    // Before any gold label: equal expected rates, so equal allocation.
    const first = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: "2026-W09", now: AFTER, seed: "n1" });
    const firstStrata = (await db.audit.findUniqueOrThrow({ where: { id: first.auditId } })).strata as { stratum: string; allocated: number; neymanRateSource: string }[];
    expect(firstStrata.map((x) => [x.stratum, x.allocated, x.neymanRateSource])).toEqual([["billing", 34, "plan"], ["refunds", 33, "plan"], ["medical", 33, "plan"]]);
    // Gold labels: billing half in error, refunds none in error; medical gets too few labels (5) to count.
    const rubric = await ensureCurrentRubric(db, project.id);
    const items = await db.sampledItem.findMany({ where: { auditId: first.auditId }, orderBy: { sampleKey: "asc" } });
    const clean = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none" };
    let medicalLabelled = 0;
    for (const [i, item] of items.entries()) {
      if (item.stratum === "medical" && medicalLabelled++ >= 5) continue;
      const values = item.stratum === "billing" && i % 2 === 0 ? { ...clean, factuality: "major_error" } : clean;
      await db.goldLabel.create({ data: { projectId: project.id, sampledItemId: item.id, rubricId: rubric.id, values, source: "consensus" } });
    }
    const billingErrors = items.filter((x, i) => x.stratum === "billing" && i % 2 === 0).length;
    const billingRate = billingErrors / 34;
    expect(billingRate).toBeGreaterThan(0.2);
    const drawn = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER, seed: "n2" });
    const strata = (await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } })).strata as { stratum: string; allocated: number; neymanRate: number; neymanRateSource: string }[];
    const by = Object.fromEntries(strata.map((x) => [x.stratum, x]));
    expect(by.billing).toMatchObject({ neymanRateSource: "observed", neymanRate: billingRate });
    // An observed 0 % is clamped to 0.1 % for the weight: refunds get very few items.
    expect(by.refunds).toMatchObject({ neymanRateSource: "observed", neymanRate: 0 });
    expect(by.medical).toMatchObject({ neymanRateSource: "plan", neymanRate: 0.05 });
    const w = { billing: Math.sqrt(billingRate * (1 - billingRate)), refunds: Math.sqrt(0.001 * 0.999), medical: Math.sqrt(0.05 * 0.95) };
    const sum = w.billing + w.refunds + w.medical;
    expect(by.billing.allocated).toBeCloseTo((100 * w.billing) / sum, -0.5);
    expect(by.refunds.allocated).toBeLessThanOrEqual(5);
    expect(by.billing.allocated + by.refunds.allocated + by.medical.allocated).toBe(100);
  });

  it("stratifies by a metadata key in one pass", async () => {
    const { project, members } = await makeProject();
    await seedWeek(project.id, { billing: 300, medical: 300 });
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...basePlan, stratifyBy: "channel", strata: [{ value: "email", risk: "high", minimum: 30 }] } });
    const drawn = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER, seed: "s1" });
    const db = await prisma();
    const audit = await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } });
    const by = Object.fromEntries((audit.strata as { stratum: string; population: number; allocated: number }[]).map((s) => [s.stratum, s]));
    expect(by.email.population).toBe(200);
    expect(by.chat.population).toBe(400);
    expect(by.email.allocated).toBe(30);
    const sampled = await db.sampledItem.findMany({ where: { auditId: drawn.auditId }, include: { output: true } });
    expect(sampled).toHaveLength(60);
    for (const s of sampled) expect((s.output.metadata as { channel: string }).channel).toBe(s.stratum);
  });

  it("never draws a week twice, even with two concurrent draws", async () => {
    const { project } = await makeProject();
    await seedWeek(project.id, { billing: 400, medical: 100 });
    const results = await Promise.all([
      drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER }),
      drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER }),
      drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: WEEK, now: AFTER }),
    ]);
    expect(new Set(results.map((r) => r.auditId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const db = await prisma();
    expect(await db.audit.count({ where: { projectId: project.id } })).toBe(1);
    expect(await db.auditPlan.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("draws an open week only on demand, as partial, over the week so far", async () => {
    const { project, members } = await makeProject();
    await seedWeek(project.id, { billing: 700 });
    const { start } = isoWeekRange(WEEK, "UTC");
    const midweek = new Date(start.getTime() + 3.5 * 86_400_000);
    await expect(drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: WEEK, now: midweek })).rejects.toBeInstanceOf(ValidationError);
    const drawn = await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: WEEK, now: midweek, onDemand: true });
    const db = await prisma();
    const audit = await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } });
    expect(audit.partial).toBe(true);
    expect(audit.population).toBe(350);
    expect(audit.drawnById).toBe(members.qa_lead.userId);
  });

  it("checks permissions and input, and writes nothing on bad input", async () => {
    const { project, members, outsider } = await makeProject();
    await expect(drawWeeklySample({ projectId: project.id, actor: outsider, week: WEEK, now: AFTER })).rejects.toBeInstanceOf(NotFoundError);
    await expect(drawWeeklySample({ projectId: project.id, actor: members.reviewer, week: WEEK, now: AFTER })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W54", now: AFTER })).rejects.toBeInstanceOf(ValidationError);
    await expect(drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2027-W01", now: AFTER })).rejects.toBeInstanceOf(ValidationError);
    const db = await prisma();
    expect(await db.audit.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.auditPlan.count({ where: { projectId: project.id } })).toBe(0);
    // An empty week is refused (an audit of nothing would read as complete), and writes nothing.
    await expect(drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: WEEK, now: AFTER })).rejects.toBeInstanceOf(ValidationError);
    expect(await db.audit.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.auditPlan.count({ where: { projectId: project.id } })).toBe(0);
  });
});
