import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { makeProject } from "@/tests/fixtures";
import { isoWeekRange } from "@/lib/audits/week";
import { countStrata, countStrataFromOutputs } from "./population";

const row = (externalId: string, timestamp: Date, taskType: string | null): LoggedOutputRow => ({
  externalId,
  timestamp,
  taskType,
  model: "m",
  input: {},
  output: {},
  context: null,
  metadata: {},
  signals: null,
  redactions: 0,
});

/** Outputs every 7 minutes from a day before to a day after the window, so every edge hour is partly in. */
function spread(start: Date, end: Date, prefix: string): LoggedOutputRow[] {
  const rows: LoggedOutputRow[] = [];
  const types = ["billing", "refunds", null];
  let i = 0;
  for (let t = start.getTime() - 86_400_000; t < end.getTime() + 86_400_000; t += 7 * 60_000 + 13_000) {
    rows.push(row(`${prefix}-${i}`, new Date(t), types[i % 3]));
    i++;
  }
  return rows;
}

describe("countStrata (trigger-kept hourly counters)", () => {
  it("matches counting the outputs, for weeks off the hour, partial weeks, duplicates and deletes", async () => {
    const { project } = await makeProject();
    const db = await getDatabase();
    // Asia/Kathmandu is UTC+05:45: its weeks start and end 15 minutes past a UTC hour.
    const kathmandu = isoWeekRange("2026-W10", "Asia/Kathmandu");
    const rows = spread(kathmandu.start, kathmandu.end, "k");
    for (let i = 0; i < rows.length; i += 1500) await insertLoggedOutputs(db, project.id, rows.slice(i, i + 1500));
    // Re-sent outputs are duplicates: nothing is written, nothing may be counted twice.
    await insertLoggedOutputs(db, project.id, rows.slice(0, 500));
    const client = await prisma();
    const windows = [
      kathmandu,
      isoWeekRange("2026-W10", "UTC"),
      { start: kathmandu.start, end: new Date(kathmandu.start.getTime() + 3 * 86_400_000 + 1_234_567) }, // a "draw now"
      { start: new Date(kathmandu.start.getTime() + 60_000), end: new Date(kathmandu.start.getTime() + 50 * 60_000) }, // inside one hour
    ];
    const check = async () => {
      for (const w of windows) {
        const expected = await countStrataFromOutputs(client, { projectId: project.id, stratifyBy: "taskType", ...w });
        expect(await countStrata(client, { projectId: project.id, stratifyBy: "taskType", ...w })).toEqual(expected);
        expect(Object.values(expected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      }
    };
    await check();
    const full = await countStrata(client, { projectId: project.id, stratifyBy: "taskType", ...kathmandu });
    expect(Object.keys(full).sort()).toEqual(["", "billing", "refunds"]);

    await client.loggedOutput.deleteMany({ where: { projectId: project.id, externalId: { in: rows.slice(300, 900).map((r) => r.externalId) } } });
    await check();
    // Another project's outputs in the same hours are not counted.
    const other = await makeProject();
    await insertLoggedOutputs(db, other.project.id, rows.slice(0, 1000));
    await check();
  });

  it("counts by a metadata key from the outputs themselves", async () => {
    const { project } = await makeProject();
    const db = await getDatabase();
    const week = isoWeekRange("2026-W11", "UTC");
    await insertLoggedOutputs(db, project.id, [
      { ...row("a", new Date(week.start.getTime() + 1000), "x"), metadata: { channel: "chat" } },
      { ...row("b", new Date(week.start.getTime() + 2000), "x"), metadata: { channel: "email" } },
      { ...row("c", new Date(week.start.getTime() + 3000), "y"), metadata: {} },
    ]);
    expect(await countStrata(await prisma(), { projectId: project.id, stratifyBy: "channel", ...week })).toEqual({ chat: 1, email: 1, "": 1 });
  });
});
