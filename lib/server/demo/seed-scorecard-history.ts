// Demo history for the scorecard: every demo week before the reviewed one is drawn as the scheduler
// would (the same plan, seeded draw), given gold labels and closed after its due date, so the
// scorecard shows true weekly trends on first start. The gold is what the reviewers would have
// agreed on (simulatedLabel from the planted defects, with the same misses), written through the
// event point's batch form (recordGoldDecisions: GoldLabel, GoldLabelVersion, ReviewEvent) dated
// in the days after each week, rather than labelled item by item through the review path, which
// took minutes. The demo's metric settings (baselines over the weeks before the model switch,
// thresholds for this project's rates) are set as a QA lead would set them.
import { systemActor } from "@/lib/server/auth/actor";
import { prisma } from "@/lib/server/db/client";
import { drawWeeklySample } from "@/lib/server/audits/draw";
import { closeAudit } from "@/lib/server/audits/audits";
import { isoWeekAt } from "@/lib/audits/week";
import { generateDemoOutputs, modelRollout, type PlantedDefect } from "@/lib/demo/outputs";
import { Rng } from "@/lib/demo/random";
import { DAY_MS, HOUR_MS, WEEK_MS } from "@/lib/demo/dates";
import { DEMO_PROJECT } from "@/lib/demo/users";
import { DEMO_SCORECARD_SETTINGS } from "@/lib/demo/scorecard";
import type { UserActor } from "@/lib/server/auth/actor";
import { ensureCurrentRubric } from "@/lib/server/review/rubrics";
import { recordGoldDecisions } from "@/lib/server/review/record";
import { ensureDefaultMetrics, getScorecard, updateScorecardMetric } from "@/lib/server/scorecard/scorecard";
import { simulatedLabel } from "./seed-review-demo";

export type DemoScorecardHistoryReport = { weeks: string[]; gold: number; flagged: string[] };

export async function seedDemoScorecardHistory(options: { endWeekStart: Date; perWeek?: number; weeks?: number }): Promise<DemoScorecardHistoryReport> {
  const db = await prisma();
  const project = await db.project.findUniqueOrThrow({ where: { slug: DEMO_PROJECT.slug }, select: { id: true, slug: true, timeZone: true } });
  const qaUser = await db.user.findUniqueOrThrow({ where: { email: "qa@demo.assay" }, select: { id: true, email: true, name: true } });
  const qa: UserActor = { kind: "user", userId: qaUser.id, email: qaUser.email, name: qaUser.name, isInstanceAdmin: false };
  const weeks = options.weeks ?? 8;
  const end = options.endWeekStart.getTime();
  // The weeks before the reviewed (last) one, oldest first, except the very first demo week: it is
  // left undrawn so a QA lead (and e2e/audits.spec.ts) can draw a week by hand and see the plan at work.
  const starts = Array.from({ length: Math.max(0, weeks - 2) }, (_, k) => end - (weeks - 2 - k) * WEEK_MS);
  const drawn: { week: string; auditId: string; weekEnd: number }[] = [];
  for (const start of starts) {
    const week = isoWeekAt(new Date(start + 3.5 * DAY_MS), project.timeZone);
    const weekEnd = start + WEEK_MS;
    // Drawn the day after the week's grace period, as the scheduler would have.
    const { auditId } = await drawWeeklySample({ projectId: project.id, actor: systemActor("demo-seed"), week, now: new Date(weekEnd + 26 * HOUR_MS), seed: `demo-${week}` });
    drawn.push({ week, auditId, weekEnd });
  }
  if (drawn.length === 0) return { weeks: [], gold: 0, flagged: [] };

  const items = await db.sampledItem.findMany({
    where: { projectId: project.id, auditId: { in: drawn.map((d) => d.auditId) } },
    select: { id: true, auditId: true, output: { select: { externalId: true, context: true } } },
    orderBy: [{ auditId: "asc" }, { sampleKey: "asc" }],
  });
  const wanted = new Set(items.map((i) => i.output.externalId));
  const truth = new Map<string, { defect: PlantedDefect | null; note: string | null }>();
  for (const { record, plantedDefect, defectNote } of generateDemoOutputs({ endWeekStart: options.endWeekStart, perWeek: options.perWeek, weeks })) {
    if (wanted.has(record.id)) truth.set(record.id, { defect: plantedDefect, note: defectNote });
  }

  const rubric = await ensureCurrentRubric(db, project.id, qa.userId);
  const rng = new Rng(20260315);
  let gold = 0;
  for (const { auditId, weekEnd } of drawn) {
    const decisions = items
      .filter((i) => i.auditId === auditId)
      .map((item) => {
        const known = truth.get(item.output.externalId) ?? { defect: null, note: null };
        const context = item.output.context;
        return {
          sampledItemId: item.id,
          rubricId: rubric.id,
          values: simulatedLabel(rng, known.defect, known.note, Array.isArray(context) && context.length > 0),
          source: "consensus" as const,
          decidedById: null,
          rationale: null,
          // Reviewed over the four days after the week, before it was closed on the fifth.
          now: new Date(weekEnd + DAY_MS + Math.floor(rng.next() * 3 * DAY_MS)),
        };
      });
    await db.$transaction((tx) => recordGoldDecisions(tx, project.id, decisions), { timeout: 120_000 });
    gold += decisions.length;
    await closeAudit({ projectSlug: project.slug, actor: qa, auditId, reason: "All items reviewed.", now: new Date(weekEnd + 5 * DAY_MS) });
  }

  // The QA lead's settings: baselines over the weeks before the new model, and thresholds.
  await ensureDefaultMetrics(project.id);
  const metrics = await db.scorecardMetric.findMany({ where: { projectId: project.id }, select: { id: true, key: true, guardrailMetricId: true } });
  const firstWeekStart = starts[0];
  const { canaryFrom } = modelRollout(firstWeekStart, weeks);
  const before = drawn.filter((d) => d.weekEnd <= canaryFrom);
  const baseline = before.length >= 2 ? { kind: "weeks" as const, from: before[0].week, to: before[before.length - 1].week } : null;
  for (const setting of DEMO_SCORECARD_SETTINGS) {
    const metric = metrics.find((m) => m.key === setting.key);
    if (!metric) continue;
    const guard = setting.guardrail ? metrics.find((m) => m.key === setting.guardrail) : undefined;
    await updateScorecardMetric({ actor: qa, projectSlug: project.slug, metricId: metric.id, threshold: setting.threshold, baseline, guardrailMetricId: guard?.id ?? null });
  }
  // The QA lead opens the scorecard with the last closed week newest (before the next week is
  // drawn): a metric entering rising or critical then records its alert, once.
  const card = await getScorecard({ actor: qa, projectSlug: project.slug });
  const flagged = card.metrics.filter((m) => m.latest?.status === "rising" || m.latest?.status === "critical").map((m) => m.key);
  return { weeks: drawn.map((d) => d.week), gold, flagged };
}
