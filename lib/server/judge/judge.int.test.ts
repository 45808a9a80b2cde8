// Issue 14 §5 and issue 18 in the app: the judge mapping yields the expected κ on a constructed set,
// and the audit's judge-assisted estimate, running rate and cohort comparison equal lib/stats on the
// same data (the week's judge mean taken by SQL over every output, not only the drawn ones).
import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { defaultRubric } from "@/lib/review/rubric";
import { assistedStratifiedEstimate, compareCohorts, stratifiedConfidenceSequence } from "@/lib/stats/assisted";
import { recordGoldDecision } from "@/lib/server/review/record";
import { processReviewEvents } from "@/lib/server/events/process";
import { runDueJobs } from "@/lib/server/jobs/runner";
import { JOB_HANDLERS } from "@/lib/server/jobs/handlers";
import { RUNNING_RATE_CHECK_QUEUE, RUNNING_RATE_CHECK_WINDOW_MS } from "@/lib/server/audits/early-alert-handler";
import { makeReviewProject, GOOD_LABEL } from "@/tests/fixtures/review";
import { ValidationError } from "@/lib/server/errors";
import { getAnalysisSettings, saveCohortMapping, saveJudgeMappings } from "./settings";
import { getJudgeReport } from "./versus-gold";
import { getJudgeAssisted } from "./assisted";
import { getRunningRates } from "@/lib/server/audits/running-rate";
import { getCohortReport } from "@/lib/server/cohorts/cohorts";

const MAPPING = { signal: "judge_factuality", dimension: "factuality", kind: "numeric", threshold: 0.5, failureWhen: "below" } as const;

// The drawn items: [score or null, gold factuality]. The first 50 form the 2×2 table judge × gold
// [[8, 2], [4, 36]]; the last 5 carry no signal (their own sub-stratum).
const DRAWN: [number | null, string][] = [
  ...Array<[number, string]>(8).fill([0.2, "major_error"]),
  ...Array<[number, string]>(2).fill([0.3, "correct"]),
  ...Array<[number, string]>(4).fill([0.7, "minor_error"]),
  ...Array<[number, string]>(36).fill([0.9, "correct"]),
  [null, "minor_error"],
  ...Array<[null, string]>(4).fill([null, "correct"]),
];
// Outputs of the week that were not drawn: 100 scored 0.9, 30 scored 0.2, 15 without the signal.
const UNDRAWN: (number | null)[] = [...Array<number>(100).fill(0.9), ...Array<number>(30).fill(0.2), ...Array<null>(15).fill(null)];
const cohortOf = (i: number) => (i % 2 === 0 ? "stable" : "canary");

/** The checks wait for the end of their window; a test moves them to now and runs them. */
async function runChecksNow(projectId: string) {
  const db = await prisma();
  await db.job.updateMany({ where: { projectId, queue: RUNNING_RATE_CHECK_QUEUE, status: "queued" }, data: { runAt: new Date(Date.now() - 1000) } });
  const results = await runDueJobs({ handlers: JOB_HANDLERS });
  expect(results.filter((r) => r.queue === RUNNING_RATE_CHECK_QUEUE && r.outcome !== "succeeded")).toEqual([]);
}

async function setUp() {
  const setup = await makeReviewProject({ reviewers: [[]], items: DRAWN.map(() => ({ stratum: "billing" })) });
  const db = await prisma();
  const population = DRAWN.length + UNDRAWN.length;
  await db.audit.update({ where: { id: setup.audit.id }, data: { strata: [{ stratum: "billing", risk: "low", population, allocated: DRAWN.length }], population, sampleSize: DRAWN.length } });
  const signals = (score: number | null) => (score === null ? [{ name: "refusal", value: false }] : [{ name: MAPPING.signal, value: score, source: "judge" }]);
  for (const [i, item] of setup.items.entries()) {
    await db.loggedOutput.update({ where: { id: item.outputId }, data: { signals: signals(DRAWN[i][0]), metadata: { taskType: "billing", modelVersion: cohortOf(i) } } });
  }
  const audit = await db.audit.findUniqueOrThrow({ where: { id: setup.audit.id } });
  await db.loggedOutput.createMany({
    data: UNDRAWN.map((score, i) => ({
      projectId: setup.project.id,
      externalId: `undrawn-${setup.audit.id}-${i}`,
      timestamp: new Date(audit.weekStart.getTime() + 3 * 86_400_000 + i * 1000),
      taskType: "billing",
      input: "q",
      output: "a",
      metadata: { taskType: "billing", modelVersion: cohortOf(i) },
      signals: signals(score),
    })),
  });
  // Another project's outputs in the same week must not count.
  const other = await makeReviewProject({ reviewers: [], items: [{ stratum: "billing" }] });
  await db.loggedOutput.updateMany({ where: { projectId: other.project.id }, data: { signals: [{ name: MAPPING.signal, value: 0.01 }] } });

  const spec = defaultRubric();
  const rubric = await db.rubric.create({ data: { projectId: setup.project.id, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines } });
  const start = Date.now() - 3_600_000;
  for (const [i, item] of setup.items.entries()) {
    await db.$transaction((tx) =>
      recordGoldDecision(tx, { projectId: setup.project.id, sampledItemId: item.id, rubricId: rubric.id, values: { ...GOOD_LABEL, factuality: DRAWN[i][1] } as never, source: "consensus", decidedById: null, rationale: null, now: new Date(start + i * 1000) }),
    );
  }
  return setup;
}

describe("judge mapping and judge-assisted estimates", () => {
  it("refuses an invalid mapping at its field and writes nothing", async () => {
    const { project, members } = await setUp();
    const bad = saveJudgeMappings({ actor: members.qa_lead, projectSlug: project.slug, mappings: [MAPPING, { ...MAPPING, dimension: "policy", threshold: 7 }] });
    await expect(bad).rejects.toBeInstanceOf(ValidationError);
    await expect(bad).rejects.toMatchObject({ issues: [{ field: "mappings.1.threshold" }] });
    expect((await getAnalysisSettings({ actor: members.qa_lead, projectSlug: project.slug })).judgeMappings).toEqual([]);
    // A reviewer may not map judges; an ML engineer may not read the comparison.
    await expect(saveJudgeMappings({ actor: members.reviewer, projectSlug: project.slug, mappings: [MAPPING] })).rejects.toMatchObject({ status: 403 });
    await expect(getJudgeReport({ actor: members.ml_engineer, projectSlug: project.slug })).rejects.toMatchObject({ status: 403 });
  });

  it("yields the expected κ on a constructed set", async () => {
    const { project, members } = await setUp();
    await saveJudgeMappings({ actor: members.qa_lead, projectSlug: project.slug, mappings: [MAPPING] });
    const { comparisons } = await getJudgeReport({ actor: members.qa_lead, projectSlug: project.slug });
    expect(comparisons).toHaveLength(1);
    const c = comparisons[0];
    expect(c.confusion).toEqual([[8, 2], [4, 36]]);
    expect(c.items).toBe(50);
    expect(c.withoutSignal).toBe(5);
    // po = 0.88, pe = 0.2·0.24 + 0.8·0.76 = 0.656.
    expect(c.kappa!.estimate).toBeCloseTo(0.224 / 0.344, 12);
    expect(c.percent!.estimate).toBeCloseTo(0.88, 12);
  });

  it("the judge-assisted estimate equals lib/stats with the week's judge mean from every output", async () => {
    const { project, members, audit } = await setUp();
    await saveJudgeMappings({ actor: members.qa_lead, projectSlug: project.slug, mappings: [MAPPING] });
    const [view] = await getJudgeAssisted({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id });
    const failed = (gold: string) => (gold === "minor_error" || gold === "major_error" ? 1 : 0);
    const scored = DRAWN.filter(([s]) => s !== null);
    const unscored = DRAWN.filter(([s]) => s === null);
    // Scored outputs in the week: 50 drawn + 130 undrawn; flagged (score < 0.5): 10 drawn + 30 undrawn.
    const expected = assistedStratifiedEstimate([
      { size: 180, predictionMean: 40 / 180, labeled: { y: scored.map(([, g]) => failed(g)), prediction: scored.map(([s]) => (s! < 0.5 ? 1 : 0)) } },
      { size: 20, predictionMean: 0, labeled: { y: unscored.map(([, g]) => failed(g)), prediction: unscored.map(() => 0) } },
    ]);
    expect(view.result.assisted!.rate).toBeCloseTo(expected.rate, 12);
    expect(view.result.assisted!.lower).toBeCloseTo(expected.lower, 12);
    expect(view.result.assisted!.upper).toBeCloseTo(expected.upper, 12);
    expect(view.result.humanOnly!.rate).toBeCloseTo(expected.classical.rate, 12);
    expect(view.result.widthRatio).toBeCloseTo(expected.classical.standardError / expected.standardError, 12);
    expect(view.result.coveredPopulation).toBe(200);
  });

  it("the running rate is lib/stats' confidence sequence over the gold in the order it came, and the review events alert once above the threshold", async () => {
    const { project, members, audit } = await setUp();
    const db = await prisma();
    await db.scorecardMetric.create({
      data: { projectId: project.id, key: "failure_factuality", label: "Factuality: failure rate", description: "", source: { kind: "dimension_failure", dimension: "factuality" }, direction: "lower_is_better", unit: "fraction", threshold: 0.05, position: 1 },
    });
    const { views } = await getRunningRates({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id });
    const factuality = views.find((v) => v.key === "failure_factuality")!;
    const observations = DRAWN.map(([, g]) => ({ stratum: 0, value: g === "correct" ? 0 : 1 }));
    const expected = stratifiedConfidenceSequence([{ size: 200, plannedSize: DRAWN.length }], observations);
    expect(factuality.rate.band.map((b) => b.lower)).toEqual(expected.lower);
    expect(factuality.rate.band.map((b) => b.upper)).toEqual(expected.upper);
    const first = expected.lower.findIndex((l) => l > 0.05);
    expect(first).toBeGreaterThanOrEqual(0);
    expect(factuality.rate.alert?.afterReviews).toBe(first + 1);
    // Reading the page records nothing; the drain of the gold decisions' events queues one check
    // for the audit at the end of its window, and the check records the alert once.
    expect(await db.alert.count({ where: { projectId: project.id, subject: "early:failure_factuality" } })).toBe(0);
    await processReviewEvents();
    const checks = await db.job.findMany({ where: { projectId: project.id, queue: RUNNING_RATE_CHECK_QUEUE } });
    expect(checks.map((c) => c.payload)).toEqual([{ auditId: audit.id }]);
    expect(checks[0].runAt.getTime()).toBeGreaterThan(Date.now() - RUNNING_RATE_CHECK_WINDOW_MS);
    await runChecksNow(project.id);
    const alerts = await db.alert.findMany({ where: { projectId: project.id, subject: "early:failure_factuality" } });
    expect(alerts).toHaveLength(1);
    expect(alerts[0].reason).toContain(`after ${first + 1} of ${DRAWN.length} reviews`);
    // A replayed batch and another look record nothing new.
    await db.reviewEvent.updateMany({ where: { projectId: project.id }, data: { processedAt: null } });
    await processReviewEvents();
    await runChecksNow(project.id);
    await getRunningRates({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id });
    expect(await db.alert.count({ where: { projectId: project.id, subject: "early:failure_factuality" } })).toBe(1);
  });

  it("the cohort comparison equals lib/stats compareCohorts on the week's cohort populations", async () => {
    const { project, members, audit } = await setUp();
    await expect(saveCohortMapping({ actor: members.qa_lead, projectSlug: project.slug, key: "model version!", baseline: "" })).rejects.toMatchObject({ issues: [{ field: "key" }, { field: "baseline" }] });
    await saveCohortMapping({ actor: members.qa_lead, projectSlug: project.slug, key: "modelVersion", baseline: "stable" });
    const report = (await getCohortReport({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id }))!;
    const row = report.comparisons.find((c) => c.cohort === "canary" && c.metric.key === "factuality")!;
    const counts = (cohort: string) => {
      const drawn = DRAWN.filter((_, i) => cohortOf(i) === cohort);
      return [{ size: drawn.length + UNDRAWN.filter((_, i) => cohortOf(i) === cohort).length, sampled: drawn.length, errors: drawn.filter(([, g]) => g !== "correct").length }];
    };
    const expected = compareCohorts(counts("stable"), counts("canary"));
    expect(row.result!.difference).toBeCloseTo(expected.difference, 12);
    expect(row.result!.lower).toBeCloseTo(expected.lower, 12);
    expect(row.result!.pValue).toBeCloseTo(expected.pValue, 12);
    expect(report.cohorts.map((c) => c.value)).toEqual(["canary", "stable"]);
  });
});
