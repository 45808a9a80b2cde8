import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { makeProject, makeUser } from "@/tests/fixtures";
import { isoWeekRange } from "@/lib/audits/week";
import { latencyBucket, mergeBuckets } from "@/lib/outputs/latency-sketch";
import { readAggregateGroups } from "./rollup";
import { runCheckBackfill, saveCheckSettings } from "./check-settings";

const TASKS = ["extract", "chat", null];
const MODELS = ["m-a", "m-b", null];

function rows(start: Date, end: Date, prefix: string): LoggedOutputRow[] {
  const out: LoggedOutputRow[] = [];
  let i = 0;
  for (let t = start.getTime() - 6 * 3_600_000; t < end.getTime() + 6 * 3_600_000; t += 11 * 60_000 + 7_000) {
    const valid = i % 17 !== 0;
    out.push({
      externalId: `${prefix}-${i}`,
      timestamp: new Date(t),
      taskType: TASKS[i % 3],
      model: MODELS[(i >> 1) % 3],
      input: "question",
      output: i % 29 === 0 ? "I can't help with that." : valid ? `{"n": ${i}}` : "not json",
      context: null,
      metadata: { latencyMs: i % 13 === 0 ? 0 : 50 + ((i * 7919) % 9000) + (i % 5) / 10, costUsd: (i % 7) / 1000, tokensIn: 100 + (i % 50), tokensOut: i % 9 === 0 ? "bad" : 20 + (i % 30), escalated: i % 23 === 0 },
      signals: null,
      redactions: 0,
    });
    i++;
  }
  return out;
}

type Plain = {
  taskType: string | null; model: string | null; latencyMs: number | null; costUsd: number | null; tokensIn: number | null; tokensOut: number | null;
  formatValid: boolean | null; refusal: boolean | null; escalated: boolean | null; overLatencySla: boolean | null;
};

/** The aggregates computed from a plain scan, in JS, with the JS bucket function. */
async function scan(projectId: string, start: Date, end: Date) {
  const client = await prisma();
  const found = await client.$queryRaw<Plain[]>`SELECT "taskType", "model", "latencyMs", "costUsd", "tokensIn", "tokensOut", "formatValid", "refusal", "escalated", "overLatencySla"
    FROM "LoggedOutput" WHERE "projectId" = ${projectId} AND "timestamp" >= ${start} AND "timestamp" < ${end}`;
  const groups = new Map<string, { taskType: string; model: string; outputs: number; formatChecked: number; formatInvalid: number; refusals: number; escalations: number; overLatencySla: number; latencyCount: number; costUsd: number; tokensIn: number; tokensOut: number; latency: { bucket: number; outputs: number }[] }>();
  for (const r of found) {
    const key = `${r.taskType ?? ""}|${r.model ?? ""}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { taskType: r.taskType ?? "", model: r.model ?? "", outputs: 0, formatChecked: 0, formatInvalid: 0, refusals: 0, escalations: 0, overLatencySla: 0, latencyCount: 0, costUsd: 0, tokensIn: 0, tokensOut: 0, latency: [] }));
    g.outputs++;
    if (r.formatValid !== null) g.formatChecked++;
    if (r.formatValid === false) g.formatInvalid++;
    if (r.refusal) g.refusals++;
    if (r.escalated) g.escalations++;
    if (r.overLatencySla) g.overLatencySla++;
    if (r.latencyMs !== null) {
      g.latencyCount++;
      g.latency = mergeBuckets(g.latency, [{ bucket: latencyBucket(r.latencyMs), outputs: 1 }]);
    }
    g.costUsd += r.costUsd ?? 0;
    g.tokensIn += r.tokensIn ?? 0;
    g.tokensOut += r.tokensOut ?? 0;
  }
  return [...groups.values()].sort((a, b) => a.taskType.localeCompare(b.taskType) || a.model.localeCompare(b.model));
}

async function expectRollupEqualsScan(projectId: string, windows: { start: Date; end: Date }[]) {
  const db = await getDatabase();
  const fromRollup = await readAggregateGroups(db, projectId, windows);
  for (let w = 0; w < windows.length; w++) {
    const expected = await scan(projectId, windows[w].start, windows[w].end);
    expect(expected.length).toBeGreaterThan(0);
    const actual = fromRollup[w].map((g) => ({
      taskType: g.taskType, model: g.model, outputs: g.aggregate.outputs, formatChecked: g.aggregate.formatChecked, formatInvalid: g.aggregate.formatInvalid,
      refusals: g.aggregate.refusals, escalations: g.aggregate.escalations, overLatencySla: g.aggregate.overLatencySla, latencyCount: g.aggregate.latencyCount,
      costUsd: g.aggregate.costUsd, tokensIn: g.aggregate.tokensIn, tokensOut: g.aggregate.tokensOut, latency: g.aggregate.latency,
    }));
    expect(actual.map((a) => ({ ...a, costUsd: Math.round(a.costUsd * 1e9) }))).toEqual(expected.map((e) => ({ ...e, costUsd: Math.round(e.costUsd * 1e9) })));
  }
}

describe("population rollup (trigger-kept) equals a scan", () => {
  it("after inserts, duplicates, deletes and a check backfill, for weeks off the hour", async () => {
    const { project } = await makeProject();
    const admin = await makeUser({ isInstanceAdmin: true });
    const db = await getDatabase();
    await saveCheckSettings({ actor: admin, projectSlug: project.slug, settings: { format: [{ taskType: "extract", format: "json" }], escalated: { key: "escalated" }, latencySlaMs: { default: 5000 } } });
    const kathmandu = isoWeekRange("2026-W20", "Asia/Kathmandu");
    const all = rows(kathmandu.start, kathmandu.end, "r");
    for (let i = 0; i < all.length; i += 700) await insertLoggedOutputs(db, project.id, all.slice(i, i + 700));
    await insertLoggedOutputs(db, project.id, all.slice(0, 400)); // duplicates write nothing
    const windows = [kathmandu, isoWeekRange("2026-W20", "UTC"), { start: new Date(kathmandu.start.getTime() + 90_000), end: new Date(kathmandu.start.getTime() + 40 * 60_000) }];
    await expectRollupEqualsScan(project.id, windows);

    const client = await prisma();
    await client.loggedOutput.deleteMany({ where: { projectId: project.id, externalId: { in: all.slice(100, 600).map((r) => r.externalId) } } });
    await expectRollupEqualsScan(project.id, windows);

    // A definition change: every output is re-checked by the backfill; the rollup follows.
    await saveCheckSettings({ actor: admin, projectSlug: project.slug, settings: { format: [{ taskType: "chat", format: "json" }], refusal: { enabled: true, signal: null, phrases: ["can't help"] }, latencySlaMs: { default: 2000 } } });
    let done = false;
    for (let k = 0; k < 100 && !done; k++) done = (await runCheckBackfill({ projectId: project.id, batchSize: 300, maxBatches: 2 })).done;
    expect(done).toBe(true);
    const checked = await client.loggedOutput.groupBy({ by: ["taskType"], where: { projectId: project.id, formatValid: { not: null } }, _count: true });
    expect(checked.map((c) => c.taskType)).toEqual(["chat"]);
    expect(await client.loggedOutput.count({ where: { projectId: project.id, escalated: { not: null } } })).toBe(0);
    await expectRollupEqualsScan(project.id, windows);

    // Another project's outputs in the same hours are not counted.
    const other = await makeProject();
    await insertLoggedOutputs(db, other.project.id, all.slice(0, 500));
    await expectRollupEqualsScan(project.id, windows);
  });

  it("promotes typed columns at ingest: invalid metadata values stay null", async () => {
    const { project } = await makeProject();
    const db = await getDatabase();
    const week = isoWeekRange("2026-W21", "UTC");
    await insertLoggedOutputs(db, project.id, rows(week.start, new Date(week.start.getTime() + 3_600_000), "t").slice(0, 30));
    const client = await prisma();
    const stored = await client.loggedOutput.findMany({ where: { projectId: project.id }, select: { externalId: true, tokensOut: true, latencyMs: true }, orderBy: { timestamp: "asc" } });
    expect(stored.length).toBe(30);
    expect(stored.find((s) => s.externalId === "t-9")?.tokensOut).toBeNull();
    expect(stored.find((s) => s.externalId === "t-1")?.tokensOut).toBe(21);
    expect(stored.find((s) => s.externalId === "t-13")?.latencyMs).toBe(0);
  });
});
