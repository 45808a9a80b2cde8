import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { defaultRubric } from "@/lib/review/rubric";
import { recordGoldDecision } from "@/lib/server/review/record";
import { makeAudit, GOOD_LABEL } from "@/tests/fixtures/review";
import { makeProject } from "@/tests/fixtures";
import { listAlerts } from "@/lib/server/alerts/alerts";
import { addScorecardMetric, getScorecard, updateScorecardMetric } from "./scorecard";

const VIOLATION = { ...GOOD_LABEL, policy: "violation", policy_categories: ["contradicts_policy"] };

/** Weeks of 40 reviewed items each (one stratum of 4,000 outputs) with the given number of policy violations. */
async function projectWithWeeks(violationsPerWeek: number[]) {
  const base = await makeProject();
  const db = await prisma();
  const spec = defaultRubric();
  const rubric = await db.rubric.create({ data: { projectId: base.project.id, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines } });
  for (const [w, violations] of violationsPerWeek.entries()) {
    const week = `2026-W${String(30 + w).padStart(2, "0")}`;
    const { audit, items } = await makeAudit(base.project.id, Array.from({ length: 40 }, () => ({ stratum: "billing" })), [], week);
    const closedAt = new Date(Date.UTC(2026, 6, 1 + 7 * w));
    await db.audit.update({ where: { id: audit.id }, data: { weekStart: new Date(closedAt.getTime() - 9 * 86_400_000), strata: [{ stratum: "billing", risk: "low", population: 4000, allocated: 40 }], population: 4000, sampleSize: 40, status: "closed", closedAt } });
    await db.$transaction(async (tx) => {
      for (const [i, item] of items.entries()) {
        await recordGoldDecision(tx, { projectId: base.project.id, sampledItemId: item.id, rubricId: rubric.id, values: (i < violations ? VIOLATION : GOOD_LABEL) as never, source: "consensus", decidedById: null, rationale: null, now: new Date(closedAt.getTime() - 3600_000) });
      }
    });
  }
  return base;
}

describe("scorecard", () => {
  it("starts with the default metrics, each week's value from the gold as of closing", async () => {
    const { project, members } = await projectWithWeeks([0, 1, 0, 1]);
    const card = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug });
    expect(card.metrics.map((m) => m.key)).toEqual(["any_error", "failure_policy", "failure_factuality", "incident_harm", "incident_near_miss", "outcome_partial", "mean_tone", "latency_p95"]);
    const policy = card.metrics.find((m) => m.key === "failure_policy")!;
    expect(policy.weeks.map((w) => w.reviewed)).toEqual([40, 40, 40, 40]);
    // The tests' counts are design-adjusted (Kish's n* = p(1 − p)/v; with no error seen N²/Σ N_h²/n_h):
    // 1 of 40 from 4,000 gives n* = 39/(1 − 40/4,000) ≈ 39.4.
    expect(policy.weeks.map((w) => w.counts)).toEqual([{ errors: 0, n: 40 }, { errors: 1, n: 39 }, { errors: 0, n: 40 }, { errors: 1, n: 39 }]);
    expect(policy.weeks[1].value).toBeCloseTo(1 / 40, 12);
    expect(policy.latest?.status).toBe("within");
  });

  it("a threshold turns a metric critical with its reason, and the alert is recorded once per transition", async () => {
    const { project, members } = await projectWithWeeks([0, 1, 0, 12]);
    const card = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug });
    const policy = card.metrics.find((m) => m.key === "failure_policy")!;
    // Default threshold 1 %: 12 of 40 has a lower bound far above it.
    expect(policy.latest?.status).toBe("critical");
    expect(policy.latest?.reason).toMatch(/^lower bound \d+\.\d % > threshold 1\.0 %$/);
    await getScorecard({ actor: members.qa_lead, projectSlug: project.slug });
    await getScorecard({ actor: members.ml_engineer, projectSlug: project.slug });
    const alerts = (await listAlerts({ actor: members.qa_lead, projectSlug: project.slug })).filter((a) => a.subject === "failure_policy");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ week: "2026-W33", fromStatus: "within", toStatus: "critical" });

    // Raising the threshold above the interval: within again, and no new alert.
    await updateScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, metricId: policy.id, threshold: 0.9, baseline: null, guardrailMetricId: null });
    const after = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug });
    expect(after.metrics.find((m) => m.key === "failure_policy")!.latest?.status).not.toBe("critical");
  });

  it("metrics are data: only catalogue entries can be added, once; reviewers cannot read the scorecard", async () => {
    const { project, members } = await projectWithWeeks([0]);
    await getScorecard({ actor: members.qa_lead, projectSlug: project.slug });
    await expect(addScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, key: "not_a_metric" })).rejects.toMatchObject({ issues: [{ field: "key" }] });
    await expect(addScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, key: "failure_policy" })).rejects.toMatchObject({ status: 409 });
    await addScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, key: "failure_groundedness" });
    await expect(getScorecard({ actor: members.reviewer, projectSlug: project.slug })).rejects.toMatchObject({ status: 403 });
    await expect(addScorecardMetric({ actor: members.ml_engineer, projectSlug: project.slug, key: "outcome_failure" })).rejects.toMatchObject({ status: 403 });
  });

  it("a closed week read from its kept values equals the recomputed one; a later adjudication in an open week shows up", async () => {
    const { project, members } = await projectWithWeeks([0, 1, 0, 2]);
    const db = await prisma();
    // An open week after them, half reviewed (gold of now, provisional).
    const rubric = await db.rubric.findFirstOrThrow({ where: { projectId: project.id } });
    const { audit: open, items } = await makeAudit(project.id, Array.from({ length: 40 }, () => ({ stratum: "billing" })), [], "2026-W40");
    await db.audit.update({ where: { id: open.id }, data: { weekStart: new Date(Date.UTC(2026, 8, 28)), strata: [{ stratum: "billing", risk: "low", population: 4000, allocated: 40 }], population: 4000, sampleSize: 40 } });
    const decide = (i: number, values: object) =>
      db.$transaction((tx) => recordGoldDecision(tx, { projectId: project.id, sampledItemId: items[i].id, rubricId: rubric.id, values: values as never, source: "consensus", decidedById: null, rationale: null, now: new Date() }));
    for (let i = 0; i < 20; i++) await decide(i, GOOD_LABEL);

    const first = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    // The four closed weeks are kept, the open one is not.
    const kept = await db.scorecardWeekCache.findMany({ where: { projectId: project.id } });
    expect(kept).toHaveLength(4);
    expect(kept.some((k) => k.auditId === open.id)).toBe(false);
    const fromKept = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    await db.scorecardWeekCache.deleteMany({ where: { projectId: project.id } });
    const recomputed = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    expect(fromKept.weeks).toEqual(recomputed.weeks);
    expect(fromKept.metrics).toEqual(recomputed.metrics);
    expect(first.metrics).toEqual(recomputed.metrics);
    const policy = (card: typeof first) => card.metrics.find((m) => m.key === "failure_policy")!.weeks;
    expect(policy(fromKept).map((w) => w.reviewed)).toEqual([40, 40, 40, 40, 20]);
    expect(policy(fromKept)[3].value).toBeCloseTo(2 / 40, 12);

    // A violation adjudicated now in the open week moves it; the closed weeks stay as they were.
    await decide(20, VIOLATION);
    const later = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    expect(later.weeks.at(-1)).toMatchObject({ week: "2026-W40", provisional: true, reviewed: 21 });
    expect(policy(later)[4]).toMatchObject({ reviewed: 21, provisional: true });
    expect(policy(later)[4].value).toBeCloseTo(1 / 21, 12);
    expect(policy(later).slice(0, 4)).toEqual(policy(recomputed).slice(0, 4));

    // A metric added later is computed for the kept weeks too, and kept beside the others.
    await addScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, key: "outcome_failure" });
    const withNew = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    await db.scorecardWeekCache.deleteMany({ where: { projectId: project.id } });
    const withNewRecomputed = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    expect(withNew.metrics).toEqual(withNewRecomputed.metrics);
    const keptValues = (await db.scorecardWeekCache.findFirstOrThrow({ where: { projectId: project.id } })).values as { metrics: Record<string, unknown> };
    expect(Object.keys(keptValues.metrics)).toContain(JSON.stringify({ kind: "outcome", outcome: "failure" }));
  });
});
