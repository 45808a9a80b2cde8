// The demo project's production logs: weeks of support-assistant conversations with a model
// switch, retrieved help articles, judge and guardrail signals, and a known share of planted
// defects. Pure and deterministic: the same options always give the same records, so the demo,
// its screenshots and the tests that simulate reviewers all agree on what is in it.
import { DAY_MS, HOUR_MS, WEEK_MS, isoWeekLabel, isoWeekStart } from "@/lib/demo/dates";
import { Rng, Weighted, hashSeed } from "@/lib/demo/random";
import { type Channel, type Customer, type Segment, makeCustomer } from "@/lib/demo/customers";
import { KB_AREAS, kbArticle } from "@/lib/demo/knowledge-base";
import { SCENARIOS } from "@/lib/demo/scenarios";
import { assistantAnswer, emailSubject, flawFor, previousTurn, refusalAnswer, systemPrompt, userMessage } from "@/lib/demo/framing";
import { type DemoOutputRecord, type PlantedDefect, type TaskType, PLANTED_DEFECTS, TASK_TYPES } from "@/lib/demo/types";

export type { DemoOutputRecord, PlantedDefect, TaskType } from "@/lib/demo/types";
export { PLANTED_DEFECTS, TASK_TYPES } from "@/lib/demo/types";

export type DemoOutput = {
  record: DemoOutputRecord;
  /** What was deliberately wrong with this output (hidden from reviewers; for simulated labels). */
  plantedDefect: PlantedDefect | null;
  /** A reviewer-style sentence on what is wrong, for simulated review comments. */
  defectNote: string | null;
};

export type DemoOptions = {
  seed?: number;
  /** Number of ISO weeks, ending with the week starting at `endWeekStart`. */
  weeks?: number;
  /** Typical outputs per week; each week varies by up to about ±8% around it. */
  perWeek?: number;
  /** Monday 00:00 UTC of the last week generated (any instant in that week is accepted). */
  endWeekStart: Date;
};

export const DEMO_DEFAULTS = { seed: 7, weeks: 8, perWeek: 10_000 } as const;

/** Share of traffic per task type. */
export const TASK_MIX: Readonly<Record<TaskType, number>> = {
  general: 0.3,
  billing: 0.22,
  account_access: 0.18,
  refunds: 0.15,
  medical_questions: 0.08,
  financial_advice: 0.07,
};

/** Share of outputs with a planted defect, per task type, on the baseline model. */
export const DEFECT_RATES: Readonly<Record<TaskType, number>> = {
  general: 0.04,
  billing: 0.055,
  account_access: 0.065,
  refunds: 0.085,
  medical_questions: 0.14,
  financial_advice: 0.12,
};

// Which kinds of defect occur in each task type: health and money answers go wrong by giving
// unsafe advice, refunds by misquoting the window, account access by skipping verification.
const DEFECT_MIX: Readonly<Record<TaskType, Partial<Record<PlantedDefect, number>>>> = {
  general: { factual_error: 0.35, tone: 0.3, ungrounded: 0.25, policy_violation: 0.1 },
  billing: { factual_error: 0.4, ungrounded: 0.25, policy_violation: 0.2, tone: 0.15 },
  account_access: { policy_violation: 0.45, factual_error: 0.25, ungrounded: 0.15, tone: 0.15 },
  refunds: { factual_error: 0.45, ungrounded: 0.3, tone: 0.15, policy_violation: 0.1 },
  medical_questions: { unsafe_advice: 0.55, factual_error: 0.25, ungrounded: 0.1, tone: 0.1 },
  financial_advice: { unsafe_advice: 0.5, factual_error: 0.25, ungrounded: 0.15, tone: 0.1 },
};

export const DEMO_MODELS = {
  small: { model: "nimbus-small", modelVersion: "2025-03-11", usdPerMTokIn: 0.15, usdPerMTokOut: 0.6, firstTokenMs: 320, msPerToken: 11 },
  small2: { model: "nimbus-small-2", modelVersion: "2025-09-02", usdPerMTokIn: 0.2, usdPerMTokOut: 0.8, firstTokenMs: 280, msPerToken: 9 },
  large: { model: "nimbus-large", modelVersion: "2025-06-18", usdPerMTokIn: 2.5, usdPerMTokOut: 10, firstTokenMs: 650, msPerToken: 24 },
  // A canary build of the new small model in the last two weeks (issue 18's cohort comparison).
  canary: { model: "nimbus-small-2", modelVersion: "2025-11-20-canary", usdPerMTokIn: 0.2, usdPerMTokOut: 0.8, firstTokenMs: 270, msPerToken: 9 },
} as const;
type ModelKey = keyof typeof DEMO_MODELS;

// The story an ML engineer should be able to find: the new small model makes fewer factual errors
// but invents policies more often, and the large model (escalations) is better at everything.
const MODEL_DEFECT_FACTORS: Readonly<Record<ModelKey, Record<PlantedDefect, number>>> = {
  small: { factual_error: 1, policy_violation: 1, unsafe_advice: 1, tone: 1, ungrounded: 1 },
  small2: { factual_error: 0.7, policy_violation: 0.9, unsafe_advice: 0.9, tone: 0.8, ungrounded: 2.2 },
  large: { factual_error: 0.5, policy_violation: 0.5, unsafe_advice: 0.5, tone: 0.5, ungrounded: 0.5 },
  // The canary invents policies far more often: what its cohort comparison should find.
  canary: { factual_error: 0.7, policy_violation: 4, unsafe_advice: 0.9, tone: 0.8, ungrounded: 2.2 },
};

// The regression the scorecard should flag: over the last two weeks a prompt hotfix on the new
// small model makes it skip identity checks in account-access conversations, so policy violations
// there are several times as frequent (only on nimbus-small-2, from the week before the newest).
export const REGRESSION_TASK: TaskType = "account_access";
const REGRESSION_POLICY_FACTOR = 8;

/** Names and sources of the signals attached to records, for code that reads them back. */
export const DEMO_SIGNALS = {
  judge: { name: "llm_judge_score", source: "judge:gpt-eval-v2" },
  refusal: { name: "refusal", source: "guardrail" },
  formatValid: { name: "format_valid", source: "validator" },
} as const;

const { judge: JUDGE, refusal: GUARDRAIL, formatValid: FORMAT } = DEMO_SIGNALS;

/** Share of outputs the LLM judge scored (it runs on all traffic but times out on about one in ten). */
export const JUDGE_SHARE = 0.9;
/** Share of the new small model's traffic on its canary build in the last two weeks. */
export const LATE_CANARY_SHARE = 0.25;
const FORMAT_INVALID_RATE = 0.012;

const CONTEXT_RATE: Readonly<Record<TaskType, number>> = {
  billing: 0.75,
  refunds: 0.8,
  account_access: 0.7,
  general: 0.35,
  medical_questions: 0.3,
  financial_advice: 0.25,
};
const REFUSAL_RATE: Readonly<Record<TaskType, number>> = {
  general: 0.004,
  billing: 0.002,
  account_access: 0.004,
  refunds: 0.002,
  medical_questions: 0.1,
  financial_advice: 0.08,
};
// The guardrail runs on every high-risk conversation and on a sample of the rest.
const GUARDRAIL_RATE: Readonly<Record<TaskType, number>> = {
  general: 0.1,
  billing: 0.1,
  account_access: 0.1,
  refunds: 0.1,
  medical_questions: 1,
  financial_advice: 1,
};

const TASKS = new Weighted(TASK_TYPES.map((task) => [task, TASK_MIX[task]] as const));
const SEGMENTS = new Weighted<Segment>([
  ["free", 0.55],
  ["pro", 0.33],
  ["enterprise", 0.12],
]);
const CHANNELS = new Weighted<Channel>([
  ["web", 0.3],
  ["ios", 0.17],
  ["android", 0.15],
  ["email", 0.2],
  ["helpcenter", 0.18],
]);

function perTask<T>(make: (task: TaskType) => T): Record<TaskType, T> {
  return Object.fromEntries(TASK_TYPES.map((task) => [task, make(task)])) as Record<TaskType, T>;
}

const SCENARIO_TABLES = perTask((task) => {
  const forSegment = (segment: Segment) => {
    const usable = SCENARIOS[task].filter((s) => !s.segments || s.segments.includes(segment));
    return new Weighted(usable.map((s) => [s, s.weight] as const));
  };
  return { free: forSegment("free"), pro: forSegment("pro"), enterprise: forSegment("enterprise") };
});

function defectTable(model: ModelKey, task: TaskType): Weighted<PlantedDefect | null> {
  const rate = DEFECT_RATES[task];
  const entries: [PlantedDefect | null, number][] = [[null, 1 - rate]];
  for (const defect of PLANTED_DEFECTS) {
    entries.push([defect, rate * (DEFECT_MIX[task][defect] ?? 0) * MODEL_DEFECT_FACTORS[model][defect]]);
  }
  return new Weighted(entries);
}
const DEFECT_TABLES: Record<ModelKey, Record<TaskType, Weighted<PlantedDefect | null>>> = {
  small: perTask((task) => defectTable("small", task)),
  small2: perTask((task) => defectTable("small2", task)),
  large: perTask((task) => defectTable("large", task)),
  canary: perTask((task) => defectTable("canary", task)),
};
const REGRESSION_TABLE: Weighted<PlantedDefect | null> = (() => {
  const rate = DEFECT_RATES[REGRESSION_TASK];
  const weights = PLANTED_DEFECTS.map((d) => [d, rate * (DEFECT_MIX[REGRESSION_TASK][d] ?? 0) * MODEL_DEFECT_FACTORS.small2[d] * (d === "policy_violation" ? REGRESSION_POLICY_FACTOR : 1)] as const);
  return new Weighted<PlantedDefect | null>([[null, 1 - weights.reduce((a, [, w]) => a + w, 0)], ...weights]);
})();

// Traffic by hour of week (UTC): weekday office hours in Europe and the Americas, quieter
// weekends and nights.
const HOUR_WEIGHTS = [0.35, 0.28, 0.22, 0.18, 0.17, 0.2, 0.32, 0.5, 0.68, 0.8, 0.85, 0.88, 0.9, 0.95, 1, 1, 0.98, 0.95, 0.9, 0.85, 0.75, 0.62, 0.5, 0.42];
const DAY_WEIGHTS = [1.05, 1, 1, 0.98, 0.92, 0.6, 0.55]; // Monday first
const HOURS_OF_WEEK = new Weighted(
  Array.from({ length: 168 }, (_, hour) => [hour, DAY_WEIGHTS[Math.floor(hour / 24)] * HOUR_WEIGHTS[hour % 24]] as const),
);

/** When the new model was canaried and then switched to, for `weeks` weeks starting `firstWeekStart`. */
export function modelRollout(firstWeekStart: number, weeks: number): { canaryFrom: number; switchAt: number; lateCanaryFrom: number; regressionFrom: number } {
  if (weeks < 2) return { canaryFrom: Infinity, switchAt: Infinity, lateCanaryFrom: Infinity, regressionFrom: Infinity };
  // Five eighths in: with 8 weeks, the switch lands on Tuesday of week 6 after a canary from
  // Thursday of week 5, leaving enough weeks on either side to compare.
  const switchWeek = Math.min(weeks - 1, Math.max(1, Math.round((weeks * 5) / 8)));
  const switchAt = firstWeekStart + switchWeek * WEEK_MS + DAY_MS + 10 * HOUR_MS;
  // The canary build runs through the last two weeks, after the switch.
  const lateCanaryFrom = Math.max(switchAt, firstWeekStart + (weeks - 2) * WEEK_MS);
  // The last two weeks, when they come after the switch week (see REGRESSION_TASK).
  const regressionFrom = weeks >= 4 ? firstWeekStart + (weeks - 2) * WEEK_MS : Infinity;
  return { canaryFrom: switchAt - 5 * DAY_MS, switchAt, lateCanaryFrom, regressionFrom };
}

function assertOptions(options: DemoOptions): { seed: number; weeks: number; perWeek: number; end: number } {
  const seed = options.seed ?? DEMO_DEFAULTS.seed;
  const weeks = options.weeks ?? DEMO_DEFAULTS.weeks;
  const perWeek = options.perWeek ?? DEMO_DEFAULTS.perWeek;
  if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer (got ${String(seed)})`);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 520) throw new RangeError(`weeks must be an integer from 1 to 520 (got ${String(weeks)})`);
  if (!Number.isInteger(perWeek) || perWeek < 1 || perWeek > 1_000_000) {
    throw new RangeError(`perWeek must be an integer from 1 to 1,000,000 (got ${String(perWeek)})`);
  }
  if (!(options.endWeekStart instanceof Date) || Number.isNaN(options.endWeekStart.getTime())) {
    throw new RangeError("endWeekStart must be a valid Date");
  }
  return { seed, weeks, perWeek, end: isoWeekStart(options.endWeekStart).getTime() };
}

/**
 * Yields the demo outputs in timestamp order, one ISO week after another. Streams: memory stays
 * at one week's timestamps however many weeks are asked for.
 */
export function* generateDemoOutputs(options: DemoOptions): Generator<DemoOutput, void, undefined> {
  const { seed, weeks, perWeek, end } = assertOptions(options);
  const firstWeekStart = end - (weeks - 1) * WEEK_MS;
  const rollout = modelRollout(firstWeekStart, weeks);

  for (let week = 0; week < weeks; week++) {
    const weekStart = firstWeekStart + week * WEEK_MS;
    // One stream per week, so a week's content doesn't shift when an earlier week draws more.
    const rng = new Rng(hashSeed(seed, weekStart / DAY_MS));
    // Gentle growth across the period plus week-to-week noise: at most about ±8% around perWeek.
    const growth = 0.008 * (week - (weeks - 1) / 2);
    const count = Math.max(1, Math.round(perWeek * (1 + growth + rng.uniform(-0.05, 0.05))));
    const offsets = new Float64Array(count);
    for (let i = 0; i < count; i++) offsets[i] = Math.floor((HOURS_OF_WEEK.sample(rng) + rng.next()) * HOUR_MS);
    offsets.sort();

    const label = isoWeekLabel(new Date(weekStart));
    for (let i = 0; i < count; i++) {
      yield buildOutput(rng, `sa-${label}-${pad6(i + 1)}`, weekStart + offsets[i], rollout);
    }
  }
}

function pad6(n: number): string {
  const digits = String(n);
  return digits.length >= 6 ? digits : "000000".slice(digits.length) + digits;
}

function chooseModel(rng: Rng, time: number, rollout: ReturnType<typeof modelRollout>, task: TaskType, segment: Segment): { key: ModelKey; canary: boolean } {
  // Enterprise traffic and health/money questions are routed to the large model more often.
  const bySegment = segment === "enterprise" ? 0.35 : 0.03;
  const byTask = task === "medical_questions" || task === "financial_advice" ? 0.25 : 0;
  if (rng.chance(1 - (1 - bySegment) * (1 - byTask))) return { key: "large", canary: false };
  if (time >= rollout.lateCanaryFrom && rng.chance(LATE_CANARY_SHARE)) return { key: "canary", canary: true };
  if (time >= rollout.switchAt) return { key: "small2", canary: false };
  if (time >= rollout.canaryFrom && rng.chance(0.2)) return { key: "small2", canary: true };
  return { key: "small", canary: false };
}

function retrieve(rng: Rng, task: TaskType, articles: readonly string[]): NonNullable<DemoOutputRecord["context"]> {
  const ids = [articles[0]];
  if (articles.length > 1 && rng.chance(0.55)) ids.push(articles[1]);
  // Retrievers also return near misses and don't always rank the best article first.
  if (rng.chance(0.2)) {
    const nearMiss = rng.pick(KB_AREAS[task]);
    if (!ids.includes(nearMiss)) ids.push(nearMiss);
  }
  if (ids.length > 1 && rng.chance(0.25)) [ids[0], ids[1]] = [ids[1], ids[0]];
  const sources: NonNullable<DemoOutputRecord["context"]> = [];
  for (const id of ids) {
    const article = kbArticle(id);
    // Copies, so a caller that edits a record can't change the shared articles.
    sources.push({ id: article.id, title: article.title, url: article.url, text: article.text });
  }
  return sources;
}

function judgeScore(rng: Rng, defect: PlantedDefect | null, refused: boolean, truncated: boolean): number {
  // A factuality judge, good but not an oracle: factual errors score low (about 9 in 10 below 0.5),
  // other defects somewhat lower than clean outputs. Against the reviewers' gold (who miss about 1
  // in 8 planted defects) its "below 0.5" verdict correlates with a factuality failure at ρ ≈ 0.85,
  // the judge-assisted estimates' showcase (issue 18).
  const [mean, sd] =
    defect === "factual_error" ? [0.3, 0.15]
    : defect ? [0.7, 0.12]
    : refused ? [0.7, 0.1]
    : [0.85, 0.08];
  const score = mean + sd * rng.normal() - (truncated ? 0.2 : 0);
  return Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
}

const HEX = "0123456789abcdef";

// Number#toString(16) on values above 2^31 is surprisingly slow; this runs once per record.
function hex32(rng: Rng): string {
  const bits = (rng.next() * 0x1_0000_0000) >>> 0;
  let text = "";
  for (let shift = 28; shift >= 0; shift -= 4) text += HEX[(bits >>> shift) & 15];
  return text;
}

let isoDayCache = { day: NaN, prefix: "" };

// Date#toISOString was the single most expensive call per record; records come in time order,
// so the date part changes rarely and only the time of day needs formatting.
function isoTimestamp(time: number): string {
  const day = Math.floor(time / DAY_MS);
  if (day !== isoDayCache.day) isoDayCache = { day, prefix: new Date(day * DAY_MS).toISOString().slice(0, 11) };
  let rest = time - day * DAY_MS;
  const hours = Math.floor(rest / HOUR_MS);
  rest -= hours * HOUR_MS;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${isoDayCache.prefix}${hours < 10 ? "0" : ""}${hours}:${minutes < 10 ? "0" : ""}${minutes}:${seconds < 10 ? "0" : ""}${seconds}.${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
}

function buildOutput(rng: Rng, id: string, time: number, rollout: ReturnType<typeof modelRollout>): DemoOutput {
  const task = TASKS.sample(rng);
  const segment = SEGMENTS.sample(rng);
  const channel = CHANNELS.sample(rng);
  const { key: modelKey, canary } = chooseModel(rng, time, rollout, task, segment);
  const model = DEMO_MODELS[modelKey];
  const promptVersion = modelKey === "small2" || modelKey === "canary" || time >= rollout.switchAt ? "support-v15" : "support-v14";
  const customer: Customer = makeCustomer(rng, segment, channel, task === "billing" || task === "refunds");
  const refused = rng.chance(REFUSAL_RATE[task]);
  // The canary is built from the same small model and prompt, so it carries the regression too.
  const regressed = (modelKey === "small2" || modelKey === "canary") && task === REGRESSION_TASK && time >= rollout.regressionFrom;
  const plantedDefect = refused ? null : (regressed ? REGRESSION_TABLE : DEFECT_TABLES[modelKey][task]).sample(rng);
  const draft = SCENARIO_TABLES[task][segment].sample(rng).build(rng, customer, plantedDefect);

  const context = draft.articles.length > 0 && rng.chance(CONTEXT_RATE[task]) ? retrieve(rng, task, draft.articles) : undefined;

  let body = draft.body;
  let defectNote: string | null = null;
  if (plantedDefect) {
    const flaw = flawFor(rng, plantedDefect, task, customer, draft.body, draft.flaws);
    body = flaw.body;
    defectNote = flaw.note;
  }
  let answer = refused
    ? refusalAnswer(rng, task)
    : assistantAnswer(rng, customer, body, { friendly: plantedDefect !== "tone", opens: draft.opens === true, citeTitle: context?.[0].title, citeUrl: context?.[0].url });

  // Output cut off at the token limit: the response-format validator rejects these.
  const truncated = rng.chance(FORMAT_INVALID_RATE);
  if (truncated) {
    const cut = answer.lastIndexOf(" ", Math.floor(answer.length * rng.uniform(0.45, 0.85)));
    if (cut > 0) answer = answer.slice(0, cut);
  }

  const ask = userMessage(rng, customer, draft.ask, channel);
  const chat = channel === "web" || channel === "ios" || channel === "android";
  const multiTurn = chat && rng.chance(0.25);
  let input: DemoOutputRecord["input"];
  let inputChars: number;
  if (chat) {
    const system = systemPrompt(promptVersion, customer);
    const messages = [{ role: "system", content: system }];
    if (multiTurn) {
      const [before, reply] = previousTurn(rng, task);
      messages.push({ role: "user", content: before }, { role: "assistant", content: reply });
    }
    messages.push({ role: "user", content: ask });
    input = messages;
    inputChars = 0;
    for (const message of messages) inputChars += message.content.length + 16;
  } else {
    input = channel === "email" ? `Subject: ${emailSubject(rng, task)}\n\n${ask}` : ask;
    // Plain-string inputs are still sent with the system prompt; the log just doesn't show it.
    inputChars = input.length + systemPrompt(promptVersion, customer).length;
  }
  if (context) for (const source of context) inputChars += (source.title?.length ?? 0) + source.text.length + 24;

  // Roughly four characters per token, with the tokenizer's variation.
  const tokensIn = Math.max(1, Math.round((inputChars / 4) * rng.uniform(0.93, 1.07)));
  const tokensOut = Math.max(1, Math.round((answer.length / 4) * rng.uniform(0.93, 1.07)));
  const retrievalMs = context ? rng.logNormal(140, 0.35) : 0;
  let latencyMs = retrievalMs + rng.logNormal(model.firstTokenMs, 0.4) + tokensOut * model.msPerToken * rng.logNormal(1, 0.15);
  // Provider hiccups: a thin tail of very slow responses.
  if (rng.chance(0.015)) latencyMs *= rng.uniform(3, 8);
  const costUsd = Math.round(((tokensIn * model.usdPerMTokIn + tokensOut * model.usdPerMTokOut) / 1e6) * 1e7) / 1e7;

  const signals: NonNullable<DemoOutputRecord["signals"]> = [];
  if (rng.chance(JUDGE_SHARE)) {
    signals.push({ name: JUDGE.name, value: judgeScore(rng, plantedDefect, refused, truncated), source: JUDGE.source });
  }
  if (rng.chance(GUARDRAIL_RATE[task])) {
    // The guardrail's refusal classifier is good but not perfect.
    signals.push({ name: GUARDRAIL.name, value: rng.chance(0.02) ? !refused : refused, source: GUARDRAIL.source });
  }
  signals.push({ name: FORMAT.name, value: !truncated, source: FORMAT.source });

  const tags: string[] = [channel];
  if (context) tags.push("rag");
  if (multiTurn) tags.push("multi_turn");
  if (modelKey === "large") tags.push("escalated");
  if (canary) tags.push("canary");
  if (customer.trial && (task === "billing" || task === "refunds")) tags.push("trial");

  const record: DemoOutputRecord = {
    id,
    timestamp: isoTimestamp(time),
    input,
    output: chat ? { role: "assistant", content: answer } : answer,
    ...(context ? { context } : {}),
    metadata: {
      model: model.model,
      modelVersion: model.modelVersion,
      taskType: task,
      latencyMs: Math.round(latencyMs),
      costUsd,
      tokensIn,
      tokensOut,
      userSegment: segment,
      tags,
      promptVersion,
      channel,
      locale: customer.locale,
      conversationId: `conv_${hex32(rng)}${hex32(rng)}`,
      finishReason: truncated ? "length" : "stop",
    },
    signals,
  };
  return { record, plantedDefect, defectNote };
}
