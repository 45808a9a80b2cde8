import { beforeAll, describe, expect, it } from "vitest";
import {
  DEFECT_RATES,
  DEMO_DEFAULTS,
  DEMO_MODELS,
  DEMO_SIGNALS,
  JUDGE_SHARE,
  PLANTED_DEFECTS,
  TASK_MIX,
  TASK_TYPES,
  type DemoOutput,
  type DemoOutputRecord,
  type PlantedDefect,
  type TaskType,
  generateDemoOutputs,
  modelRollout,
} from "@/lib/demo/outputs";
import { DAY_MS, WEEK_MS, isoWeekLabel } from "@/lib/demo/dates";

const END_WEEK = new Date("2026-02-23T00:00:00Z"); // a Monday
const FIRST_WEEK = END_WEEK.getTime() - 7 * WEEK_MS;

function text(value: DemoOutputRecord["output"] | DemoOutputRecord["input"]): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return JSON.stringify(value);
  return value.content;
}

function signal(record: DemoOutputRecord, name: string) {
  return record.signals?.find((s) => s.name === name);
}

type Tally = { count: number; defects: number; withContext: number };

/** Everything the statistical tests need from one full default run, gathered in a single pass. */
type Summary = {
  total: number;
  perWeek: Map<number, number>;
  perTask: Record<TaskType, Tally>;
  perDefect: Map<PlantedDefect, number>;
  ids: Set<string>;
  inOrder: boolean;
  outsideWeek: string[];
  weekdayPerDay: number;
  weekendPerDay: number;
  daytime: number;
  night: number;
  judged: number;
  judgeClean: number[];
  judgeDefective: number[];
  guardrailByTask: Record<TaskType, number>;
  formatInvalid: number;
  chatInputs: number;
  multiTurn: number;
  modelsByWeek: Map<number, Map<string, number>>;
  problems: string[];
  sample: DemoOutput[];
};

function summarize(): Summary {
  const tally = () => Object.fromEntries(TASK_TYPES.map((t) => [t, { count: 0, defects: 0, withContext: 0 }])) as Record<TaskType, Tally>;
  const summary: Summary = {
    total: 0,
    perWeek: new Map(),
    perTask: tally(),
    perDefect: new Map(),
    ids: new Set(),
    inOrder: true,
    outsideWeek: [],
    weekdayPerDay: 0,
    weekendPerDay: 0,
    daytime: 0,
    night: 0,
    judged: 0,
    judgeClean: [],
    judgeDefective: [],
    guardrailByTask: Object.fromEntries(TASK_TYPES.map((t) => [t, 0])) as Record<TaskType, number>,
    formatInvalid: 0,
    chatInputs: 0,
    multiTurn: 0,
    modelsByWeek: new Map(),
    problems: [],
    sample: [],
  };
  let previous = -Infinity;
  let weekday = 0;
  let weekend = 0;
  for (const output of generateDemoOutputs({ endWeekStart: END_WEEK })) {
    const { record, plantedDefect, defectNote } = output;
    summary.total++;
    const time = Date.parse(record.timestamp);
    if (time < previous) summary.inOrder = false;
    previous = time;
    const week = Math.floor((time - FIRST_WEEK) / WEEK_MS);
    summary.perWeek.set(week, (summary.perWeek.get(week) ?? 0) + 1);
    // The id names the week the record belongs to; the timestamp has to fall inside it.
    if (week < 0 || week > 7 || !record.id.startsWith(`sa-${isoWeekLabel(new Date(FIRST_WEEK + week * WEEK_MS))}-`)) {
      summary.outsideWeek.push(record.id);
    }
    summary.ids.add(record.id);
    const day = new Date(time).getUTCDay();
    if (day === 0 || day === 6) weekend++;
    else weekday++;
    const hour = new Date(time).getUTCHours();
    if (hour >= 9 && hour < 18) summary.daytime++;
    if (hour >= 1 && hour < 5) summary.night++;

    const task = record.metadata.taskType as TaskType;
    const tally = summary.perTask[task];
    if (!tally) {
      summary.problems.push(`${record.id}: unknown task type ${task}`);
      continue;
    }
    tally.count++;
    if (record.context?.length) tally.withContext++;
    if (plantedDefect) {
      tally.defects++;
      summary.perDefect.set(plantedDefect, (summary.perDefect.get(plantedDefect) ?? 0) + 1);
    }
    if (Boolean(plantedDefect) !== Boolean(defectNote)) summary.problems.push(`${record.id}: defect and note disagree`);

    const judge = signal(record, DEMO_SIGNALS.judge.name);
    if (judge) {
      summary.judged++;
      if (typeof judge.value !== "number" || judge.value < 0 || judge.value > 1) summary.problems.push(`${record.id}: judge ${judge.value}`);
      (plantedDefect ? summary.judgeDefective : summary.judgeClean).push(judge.value as number);
    }
    if (signal(record, DEMO_SIGNALS.refusal.name)) summary.guardrailByTask[task]++;
    const format = signal(record, DEMO_SIGNALS.formatValid.name);
    if (format?.value === false) summary.formatInvalid++;
    if (Array.isArray(record.input)) {
      summary.chatInputs++;
      if (record.input.length > 2) summary.multiTurn++;
    }

    const models = summary.modelsByWeek.get(week) ?? new Map<string, number>();
    models.set(record.metadata.model, (models.get(record.metadata.model) ?? 0) + 1);
    summary.modelsByWeek.set(week, models);

    const m = record.metadata;
    if (!(m.latencyMs > 0 && Number.isInteger(m.latencyMs))) summary.problems.push(`${record.id}: latency ${m.latencyMs}`);
    if (!(m.costUsd > 0)) summary.problems.push(`${record.id}: cost ${m.costUsd}`);
    if (!(m.tokensIn > 0 && m.tokensOut > 0)) summary.problems.push(`${record.id}: tokens`);
    if (!["free", "pro", "enterprise"].includes(m.userSegment)) summary.problems.push(`${record.id}: segment ${m.userSegment}`);
    if (!Array.isArray(m.tags) || m.tags.length === 0) summary.problems.push(`${record.id}: tags`);

    if (summary.total % 39 === 0 && summary.sample.length < 2000) summary.sample.push(output);
  }
  summary.weekdayPerDay = weekday / 40;
  summary.weekendPerDay = weekend / 16;
  return summary;
}

let run: Summary;
beforeAll(() => {
  run = summarize();
}, 60_000);

describe("generateDemoOutputs", () => {
  it("is deterministic: the same options give the same records", () => {
    const options = { endWeekStart: END_WEEK, perWeek: 1500, seed: 11 };
    const first = generateDemoOutputs(options);
    const second = generateDemoOutputs(options);
    let compared = 0;
    const mismatches: string[] = [];
    for (;;) {
      const a = first.next();
      const b = second.next();
      expect(a.done).toBe(b.done);
      if (a.done || b.done) break;
      // Serialised comparison: a deep toEqual on every record makes this test several times slower.
      if (JSON.stringify(a.value) !== JSON.stringify(b.value)) mismatches.push(a.value.record.id);
      compared++;
    }
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(8 * 1500 * 0.9);
  });

  it("gives different records for a different seed", () => {
    const take = (seed: number) => {
      const texts: string[] = [];
      for (const { record } of generateDemoOutputs({ endWeekStart: END_WEEK, weeks: 1, perWeek: 200, seed })) texts.push(text(record.output));
      return texts;
    };
    const a = take(1);
    const b = take(2);
    const shared = a.filter((t, i) => b[i] === t).length;
    expect(shared).toBeLessThan(a.length * 0.1);
  });

  it("generates about perWeek outputs in each of the 8 weeks, ending with endWeekStart's week", () => {
    expect([...run.perWeek.keys()].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const count of run.perWeek.values()) {
      expect(count).toBeGreaterThanOrEqual(DEMO_DEFAULTS.perWeek * 0.92);
      expect(count).toBeLessThanOrEqual(DEMO_DEFAULTS.perWeek * 1.08);
    }
    // Weeks should not all be the same size.
    expect(new Set(run.perWeek.values()).size).toBeGreaterThan(4);
  });

  it("yields unique ids, in timestamp order, each inside its week", () => {
    expect(run.ids.size).toBe(run.total);
    expect(run.inOrder).toBe(true);
    expect(run.outsideWeek).toEqual([]);
    for (const id of [...run.ids].slice(0, 100)) expect(id).toMatch(/^sa-\d{4}w\d{2}-\d{6}$/);
  });

  it("spreads timestamps with more traffic on weekdays and in the daytime", () => {
    expect(run.weekdayPerDay).toBeGreaterThan(run.weekendPerDay * 1.4);
    // 9 daytime hours against 4 night hours: daytime should be far more than 9/4 times busier.
    expect(run.daytime / 9).toBeGreaterThan((run.night / 4) * 3);
  });

  it("mixes task types in the configured shares", () => {
    for (const task of TASK_TYPES) {
      expect(Math.abs(run.perTask[task].count / run.total - TASK_MIX[task])).toBeLessThan(0.01);
    }
  });

  it("writes varied inputs and outputs, not one template repeated", () => {
    const inputs = new Set(run.sample.map((o) => text(o.record.input)));
    const outputs = new Set(run.sample.map((o) => text(o.record.output)));
    expect(run.sample.length).toBe(2000);
    expect(inputs.size / run.sample.length).toBeGreaterThanOrEqual(0.95);
    expect(outputs.size / run.sample.length).toBeGreaterThanOrEqual(0.9);
    // Both input forms occur.
    expect(run.chatInputs / run.total).toBeGreaterThan(0.4);
    expect(run.chatInputs / run.total).toBeLessThan(0.8);
    expect(run.multiTurn).toBeGreaterThan(0);
  });

  it("attaches retrieved help articles, mostly to billing, refunds and account access", () => {
    const share = (task: TaskType) => run.perTask[task].withContext / run.perTask[task].count;
    for (const task of ["billing", "refunds", "account_access"] as const) expect(share(task)).toBeGreaterThan(0.55);
    expect(share("general")).toBeLessThan(0.45);
    expect(share("general")).toBeGreaterThan(0.1);
    const withContext = run.sample.find((o) => o.record.context?.length)!;
    for (const source of withContext.record.context!) {
      expect(source).toEqual({ id: expect.stringMatching(/^kb-\d+$/), title: expect.any(String), url: expect.stringMatching(/^https:\/\//), text: expect.any(String) });
    }
  });

  it("attaches the judge to about 90% of outputs, scoring defective ones lower", () => {
    expect(Math.abs(run.judged / run.total - JUDGE_SHARE)).toBeLessThan(0.01);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    expect(mean(run.judgeClean) - mean(run.judgeDefective)).toBeGreaterThan(0.15);
    // Noisy, not an oracle: some defective outputs still score well.
    expect(run.judgeDefective.filter((v) => v > 0.75).length).toBeGreaterThan(0);
  });

  it("runs the guardrail on every health and money conversation and a sample of the rest", () => {
    expect(run.guardrailByTask.medical_questions).toBe(run.perTask.medical_questions.count);
    expect(run.guardrailByTask.financial_advice).toBe(run.perTask.financial_advice.count);
    const generalShare = run.guardrailByTask.general / run.perTask.general.count;
    expect(generalShare).toBeGreaterThan(0.05);
    expect(generalShare).toBeLessThan(0.15);
  });

  it("marks a small share of outputs as format-invalid", () => {
    expect(run.formatInvalid / run.total).toBeGreaterThan(0.005);
    expect(run.formatInvalid / run.total).toBeLessThan(0.025);
  });

  it("plants defects at rates that differ by task type", () => {
    const rate = (task: TaskType) => run.perTask[task].defects / run.perTask[task].count;
    for (const task of TASK_TYPES) {
      // Model routing moves the observed rate somewhat away from the baseline.
      expect(rate(task)).toBeGreaterThan(DEFECT_RATES[task] * 0.6);
      // Account access carries the planted regression of the last two weeks (policy violations ×8 on the new model).
      expect(rate(task)).toBeLessThan(DEFECT_RATES[task] * (task === "account_access" ? 1.9 : 1.4));
    }
    expect(rate("general")).toBeGreaterThan(0.02);
    expect(rate("general")).toBeLessThan(0.06);
    expect(rate("medical_questions")).toBeGreaterThan(rate("general") * 2);
    expect(rate("financial_advice")).toBeGreaterThan(rate("general") * 2);
    for (const defect of PLANTED_DEFECTS) expect(run.perDefect.get(defect) ?? 0).toBeGreaterThan(100);
  });

  it("switches models partway: the old small model early, the new one late, the large one throughout", () => {
    const models = (week: number) => run.modelsByWeek.get(week)!;
    const { small, small2, large } = DEMO_MODELS;
    for (const week of [0, 1, 2, 3]) {
      expect(models(week).has(small2.model)).toBe(false);
      expect(models(week).get(small.model)).toBeGreaterThan(0);
    }
    for (const week of [6, 7]) {
      expect(models(week).has(small.model)).toBe(false);
      expect(models(week).get(small2.model)).toBeGreaterThan(0);
    }
    for (const week of [0, 7]) expect(models(week).get(large.model)).toBeGreaterThan(0);
    expect(modelRollout(FIRST_WEEK, 8).switchAt).toBe(FIRST_WEEK + 5 * WEEK_MS + DAY_MS + 10 * 3_600_000);
  });

  it("fills metadata with sane values", () => {
    expect(run.problems).toEqual([]);
    const { record } = run.sample[0];
    expect(record.metadata).toMatchObject({
      model: expect.any(String),
      modelVersion: expect.any(String),
      taskType: expect.any(String),
      userSegment: expect.any(String),
      tags: expect.any(Array),
    });
  });

  it("generates about 80,000 outputs by default", () => {
    expect(run.total).toBeGreaterThan(76_000);
    expect(run.total).toBeLessThan(84_000);
  });

  it("rejects nonsensical options", () => {
    expect(() => generateDemoOutputs({ endWeekStart: new Date("nope") }).next()).toThrow(RangeError);
    expect(() => generateDemoOutputs({ endWeekStart: END_WEEK, weeks: 0 }).next()).toThrow(RangeError);
    expect(() => generateDemoOutputs({ endWeekStart: END_WEEK, perWeek: 2.5 }).next()).toThrow(RangeError);
  });

  it("treats any instant in the last week like its Monday", () => {
    const fromMonday = generateDemoOutputs({ endWeekStart: END_WEEK, weeks: 1, perWeek: 50 }).next().value!;
    const fromThursday = generateDemoOutputs({ endWeekStart: new Date(END_WEEK.getTime() + 3.5 * DAY_MS), weeks: 1, perWeek: 50 }).next().value!;
    expect(fromThursday).toEqual(fromMonday);
  });
});
