// A partial draw topped up by the full-week draw (decision 021) holds items drawn at two rates in
// one stratum. The audit results and the scorecard must weight each item by its own stored
// inclusion probability (stratum × draw period), not by the stratum's average n_h/N_h.
import { systemActor } from "@/lib/server/auth/actor";
import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs } from "@/lib/server/outputs/insert-outputs";
import { makeProject } from "@/tests/fixtures";
import { isoWeekRange } from "@/lib/audits/week";
import { savePlan } from "@/lib/server/audits/plans";
import { drawWeeklySample } from "@/lib/server/audits/draw";
import { defaultRubric } from "@/lib/review/rubric";
import { recordGoldDecision } from "@/lib/server/review/record";
import { GOOD_LABEL } from "@/tests/fixtures/review";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { getAuditResults } from "./audit-results";
import { getScorecard } from "./scorecard";

const VIOLATION = { ...GOOD_LABEL, policy: "violation", policy_categories: ["contradicts_policy"] };

describe("a topped-up audit", () => {
  it("weights every item by its own inclusion probability in the results and the scorecard", async () => {
    const { project, members } = await makeProject();
    const db = await prisma();
    await db.project.update({ where: { id: project.id }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { method: "estimate", methodParams: { expectedRate: 0.05, marginOfError: 0.05, confidence: 0.95 } } });
    const { start } = isoWeekRange("2026-W47", "UTC");
    await insertLoggedOutputs(
      await getDatabase(),
      project.id,
      Array.from({ length: 1000 }, (_, i) => ({
        externalId: `o-${i}`,
        timestamp: new Date(start.getTime() + i * 60_000),
        taskType: i % 4 === 0 ? "medical" : "billing",
        model: null,
        input: {},
        output: {},
        context: null,
        metadata: {},
        signals: null,
        redactions: 0,
      })),
    );
    // "Draw now" after 100 minutes (100 outputs), then the full-week draw tops it up.
    const cutoff = new Date(start.getTime() + 100 * 60_000);
    const { auditId } = await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W47", now: cutoff, onDemand: true });
    const full = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: "2026-W47", now: new Date("2026-11-24T00:30:00Z") });
    expect(full.toppedUp).toBeGreaterThan(0);

    const audit = await db.audit.findUniqueOrThrow({ where: { id: auditId } });
    const strata = audit.strata as { stratum: string; population: number; phases: { phase: string; population: number; allocated: number; inclusionProbability: number }[] }[];
    const items = await db.sampledItem.findMany({ where: { auditId }, include: { output: { select: { timestamp: true } } } });
    const early = (i: (typeof items)[number]) => i.output.timestamp.getTime() < cutoff.getTime();
    // The two periods were drawn at clearly different rates, or the test would prove nothing.
    for (const s of strata) expect(s.phases[0].inclusionProbability).toBeGreaterThan(2 * s.phases[1].inclusionProbability);

    // Every early item is a policy violation, every later one is fine.
    const spec = defaultRubric();
    const rubric = await db.rubric.create({ data: { projectId: project.id, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines } });
    for (const item of items) {
      await db.$transaction((tx) =>
        recordGoldDecision(tx, { projectId: project.id, sampledItemId: item.id, rubricId: rubric.id, values: (early(item) ? VIOLATION : GOOD_LABEL) as never, source: "consensus", decidedById: null, rationale: null, now: new Date() }),
      );
    }

    // Stratum × period, each period with its own N and items: the early period's share of the week.
    const cells = strata.flatMap((s) => s.phases.map((p) => ({ size: p.population, sampled: p.allocated, errors: p.phase === "partial" ? p.allocated : 0 })));
    const expected = stratifiedWilsonInterval(cells);
    expect(expected.rate).toBeCloseTo(100 / 1000, 12);
    // What the stratum's average n_h/N_h would have said: the early items' share of the sample.
    const unweighted = stratifiedWilsonInterval(strata.map((s) => ({ size: s.population, sampled: items.filter((i) => i.stratum === s.stratum).length, errors: items.filter((i) => i.stratum === s.stratum && early(i)).length })));
    expect(Math.abs(unweighted.rate - expected.rate)).toBeGreaterThan(0.05);

    const { results } = await getAuditResults({ actor: members.qa_lead, projectSlug: project.slug, auditId });
    const policy = results.dimensions.find((d) => d.key === "policy")!;
    expect(policy.rate).toBeCloseTo(expected.rate, 12);
    expect(policy.lower).toBeCloseTo(expected.lower, 12);
    expect(policy.upper).toBeCloseTo(expected.upper, 12);
    expect(policy.count?.population).toBe(1000);
    expect(policy.count?.estimate).toBeCloseTo(100, 9);
    expect(results.provisional).toBe(false);

    const scorecard = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    const week = scorecard.metrics.find((m) => m.key === "failure_policy")!.weeks.find((w) => w.week === "2026-W47")!;
    expect(week.value).toBeCloseTo(expected.rate, 12);
    expect(week.lower).toBeCloseTo(expected.lower, 12);
  });
});
