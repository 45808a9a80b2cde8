// The scorecard's population metrics: every output of the audited week, from the rollups, equal to
// the same figures counted from the outputs themselves, with what each rests on.
import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs } from "@/lib/server/outputs/insert-outputs";
import { insertToolCalls } from "@/lib/server/outputs/tool-calls";
import { makeAudit } from "@/tests/fixtures/review";
import { makeProject } from "@/tests/fixtures";
import { postgresOutputStore } from "@/lib/server/outputs/store";
import { addAggregates } from "@/lib/outputs/population";
import { addScorecardMetric, getScorecard, updateScorecardMetric } from "./scorecard";

describe("population metrics on the scorecard", () => {
  it("read every output of the audited week from the rollup, and say what they rest on", async () => {
    const { project, members } = await makeProject();
    const db = await prisma();
    const database = await getDatabase();
    // 2026-W02 (Monday 5 January, UTC): the audit's three items and 200 more outputs.
    const { audit } = await makeAudit(project.id, [{ stratum: "billing" }, { stratum: "billing" }, { stratum: "billing" }], [], "2026-W02");
    await db.audit.update({ where: { id: audit.id }, data: { strata: [{ stratum: "billing", risk: "low", population: 203, allocated: 3 }], population: 203 } });
    const weekStart = Date.UTC(2026, 0, 5);
    await insertLoggedOutputs(
      database,
      project.id,
      Array.from({ length: 200 }, (_, i) => ({
        externalId: `pop-${i}`,
        timestamp: new Date(weekStart + 3600_000 + i * 1800_000),
        taskType: "billing",
        model: "m",
        input: {},
        output: {},
        context: null,
        metadata: { latencyMs: 100 + 10 * i, costUsd: 0.001 * (i % 5) },
        signals: null,
        redactions: 0,
      })),
    );
    // An output of the next week must not count.
    await insertLoggedOutputs(database, project.id, [{ externalId: "next-week", timestamp: new Date(weekStart + 8 * 86_400_000), taskType: "billing", model: "m", input: {}, output: {}, context: null, metadata: { latencyMs: 99_999 }, signals: null, redactions: 0 }]);
    // Checks as the check backfill would set them (the rollup triggers follow updates).
    await database.query(`UPDATE "LoggedOutput" SET "formatValid" = ("externalId" NOT LIKE 'pop-1%'), "refusal" = ("externalId" LIKE 'pop-_'), "escalated" = ("externalId" LIKE 'pop-2%'), "overridden" = ("externalId" = 'pop-50') WHERE "projectId" = $1 AND "externalId" LIKE 'pop-%'`, [project.id]);
    await insertToolCalls(database, project.id, Array.from({ length: 10 }, (_, i) => ({ externalId: `span-${i}`, traceId: "t", toolName: "lookup", startedAt: new Date(weekStart + i * 60_000), durationMs: 10, status: i < 7 ? ("ok" as const) : ("error" as const), errorType: null, httpStatus: null, authFailure: false, schemaError: false, retry: false, attributes: {} })));

    // The defaults (latency p95 among them) first, then the other population metrics.
    await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    for (const key of ["latency_p50", "cost_per_request", "format_compliance", "refusal_rate", "escalation_rate", "override_rate", "tool_success"]) {
      await addScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, key });
    }
    const card = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug });
    const week = (key: string) => card.metrics.find((m) => m.key === key)!.weeks.find((w) => w.week === "2026-W02")!;

    // Counted from the outputs of the week directly.
    const { rows } = await database.query<Record<string, string | number>>(
      `SELECT count(*) AS outputs, count("latencyMs") AS latencies, avg("costUsd") AS cost, count("formatValid") AS checked, count(*) FILTER (WHERE "formatValid") AS valid,
              count(*) FILTER (WHERE "refusal") AS refusals, count(*) FILTER (WHERE "escalated") AS escalations, count(*) FILTER (WHERE "overridden") AS overrides,
              percentile_disc(0.5) WITHIN GROUP (ORDER BY "latencyMs") AS p50, percentile_disc(0.95) WITHIN GROUP (ORDER BY "latencyMs") AS p95
         FROM "LoggedOutput" WHERE "projectId" = $1 AND "timestamp" >= $2 AND "timestamp" < $3`,
      [project.id, new Date(weekStart).toISOString(), new Date(weekStart + 7 * 86_400_000).toISOString()],
    );
    const exact = Object.fromEntries(Object.entries(rows[0]).map(([k, v]) => [k, Number(v)]));
    expect(exact.outputs).toBe(203);
    expect(week("latency_p95").value! / exact.p95).toBeGreaterThan(0.99);
    expect(week("latency_p95").value! / exact.p95).toBeLessThan(1.01);
    expect(week("latency_p50").value! / exact.p50).toBeCloseTo(1, 1);
    expect(week("latency_p95").restsOn).toEqual({ count: exact.latencies, of: "outputs with a latency" });
    expect(week("cost_per_request").value).toBeCloseTo(exact.cost, 9);
    expect(week("format_compliance").value).toBeCloseTo(exact.valid / exact.checked, 12);
    expect(week("format_compliance").restsOn).toEqual({ count: 200, of: "format-checked outputs" });
    expect(week("refusal_rate").value).toBeCloseTo(exact.refusals / 203, 12);
    expect(week("escalation_rate").value).toBeCloseTo(exact.escalations / 203, 12);
    expect(week("override_rate").value).toBeCloseTo(1 / 203, 12);
    expect(week("tool_success").value).toBeCloseTo(0.7, 12);
    expect(week("tool_success").restsOn).toEqual({ count: 10, of: "tool calls" });
    // No sampling, no interval.
    expect(week("refusal_rate").lower ?? null).toBeNull();

    // A threshold on a population value: critical on the value itself, with its reason.
    const tools = card.metrics.find((m) => m.key === "tool_success")!;
    await updateScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, metricId: tools.id, threshold: 0.9, baseline: null, guardrailMetricId: null });
    const after = (await getScorecard({ actor: members.qa_lead, projectSlug: project.slug })).metrics.find((m) => m.key === "tool_success")!;
    expect(after.latest?.status).toBe("critical");
    expect(after.latest?.reason).toBe("value 70.0 % < threshold 90.0 %");
  });

  it("a finished week is kept and equals the recomputed one; a late output in it is counted", async () => {
    const { project, members } = await makeProject();
    const db = await prisma();
    const database = await getDatabase();
    const { audit } = await makeAudit(project.id, [{ stratum: "billing" }], [], "2026-W02");
    await db.audit.update({ where: { id: audit.id }, data: { strata: [{ stratum: "billing", risk: "low", population: 41, allocated: 1 }], population: 41 } });
    const weekStart = Date.UTC(2026, 0, 5);
    const output = (i: number, latencyMs: number) => ({ externalId: `late-${i}`, timestamp: new Date(weekStart + 3600_000 + i * 3600_000), taskType: "billing", model: "m", input: {}, output: {}, context: null, metadata: { latencyMs }, signals: null, redactions: 0 });
    await insertLoggedOutputs(database, project.id, Array.from({ length: 40 }, (_, i) => output(i, 100 + i)));
    await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    await addScorecardMetric({ actor: members.qa_lead, projectSlug: project.slug, key: "tool_success" });
    const week = (card: Awaited<ReturnType<typeof getScorecard>>, key: string) => card.metrics.find((m) => m.key === key)!.weeks.find((w) => w.week === "2026-W02")!;

    const first = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    const kept = await db.populationRangeCache.findMany({ where: { projectId: project.id } });
    expect(kept).toHaveLength(1);
    const fromKept = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    await db.populationRangeCache.deleteMany({ where: { projectId: project.id } });
    const recomputed = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    expect(fromKept.metrics).toEqual(recomputed.metrics);
    expect(first.metrics).toEqual(recomputed.metrics);
    const before = week(fromKept, "latency_p95").restsOn!.count;
    expect(before).toBeGreaterThanOrEqual(40);

    // Ten slow outputs and a tool call of that week arriving now (older than a day): the kept week is stale.
    await insertLoggedOutputs(database, project.id, Array.from({ length: 10 }, (_, i) => output(100 + i, 90_000 + i)));
    await insertToolCalls(database, project.id, [{ externalId: "late-span", traceId: "t", toolName: "lookup", startedAt: new Date(weekStart + 60_000), durationMs: 10, status: "error", errorType: null, httpStatus: null, authFailure: false, schemaError: false, retry: false, attributes: {} }]);
    const later = await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false });
    expect(week(later, "latency_p95").restsOn).toEqual({ count: before + 10, of: "outputs with a latency" });
    expect(week(later, "latency_p95").value!).toBeGreaterThan(80_000);
    expect(week(later, "tool_success")).toMatchObject({ value: 0, restsOn: { count: 1, of: "tool calls" } });
    await db.populationRangeCache.deleteMany({ where: { projectId: project.id } });
    expect((await getScorecard({ actor: members.qa_lead, projectSlug: project.slug, recordAlerts: false })).metrics).toEqual(later.metrics);
  });

  it("an open range keeps its finished days and sums only the last ones, equal to the whole range counted at once", async () => {
    const { project } = await makeProject();
    const db = await prisma();
    const database = await getDatabase();
    const hour = 3600_000;
    // Six days up to the next hour: old enough days are kept, the last two or so never are.
    const end = Math.ceil(Date.now() / hour) * hour;
    const range = { start: new Date(end - 6 * 24 * hour), end: new Date(end) };
    const outputs = (from: number, count: number, latencyMs: number) =>
      Array.from({ length: count }, (_, i) => ({ externalId: `open-${from + i}`, timestamp: new Date(range.start.getTime() + ((from + i) * 6 * 24 * hour) / 120), taskType: "billing", model: "m", input: {}, output: {}, context: null, metadata: { latencyMs: latencyMs + i, costUsd: 0.001 * (i + 1) }, signals: null, redactions: 0 }));
    await insertLoggedOutputs(database, project.id, outputs(0, 119, 100));
    const store = postgresOutputStore(database);
    const whole = async () => {
      const [groups] = await store.aggregateGroups({ projectId: project.id, ranges: [range] });
      return addAggregates(...groups.map((g) => g.aggregate));
    };
    const [first] = await store.rangeTotals({ projectId: project.id, ranges: [range] });
    const kept = await db.populationRangeCache.findMany({ where: { projectId: project.id } });
    expect(kept).toHaveLength(1);
    expect(kept[0].rangeStart).toEqual(range.start);
    expect(kept[0].rangeEnd.getTime() % (24 * hour)).toBe(0);
    expect(kept[0].rangeEnd.getTime()).toBeLessThanOrEqual(Date.now() - 2 * 24 * hour);
    const [again] = await store.rangeTotals({ projectId: project.id, ranges: [range] });
    const exact = await whole();
    for (const totals of [first, again]) {
      expect({ ...totals.aggregate, costUsd: 0 }).toEqual({ ...exact, costUsd: 0 });
      expect(totals.aggregate.costUsd).toBeCloseTo(exact.costUsd, 12);
      expect(totals.aggregate.outputs).toBe(119);
    }
    // An output of the kept days arriving now (older than a day) makes the kept days stale; one in the last hour is counted live.
    await insertLoggedOutputs(database, project.id, [...outputs(119, 1, 90_000).map((o) => ({ ...o, timestamp: new Date(range.start.getTime() + hour) })), ...outputs(120, 1, 50).map((o) => ({ ...o, timestamp: new Date(end - hour / 2) }))]);
    const [later] = await store.rangeTotals({ projectId: project.id, ranges: [range] });
    expect(later.aggregate.outputs).toBe(121);
    expect({ ...later.aggregate, costUsd: 0 }).toEqual({ ...(await whole()), costUsd: 0 });
  });
});
