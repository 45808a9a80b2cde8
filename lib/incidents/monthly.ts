// The monthly review's calendar and figures: months in the project's time zone, rates per 1,000
// reviewed outputs with Wilson intervals, medians, and the near-miss trend's "rising" rule. Pure.
import { startOfLocalDay, zonedParts } from "@/lib/audits/week";
import { wilsonInterval } from "@/lib/stats/intervals";
import { fisherExactTest } from "@/lib/stats/hypothesis-tests";

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonthKey(text: string): boolean {
  return MONTH_PATTERN.test(text);
}

export function parseMonthKey(text: string): { year: number; month: number } {
  const match = MONTH_PATTERN.exec(text);
  if (!match) throw new RangeError(`a month is written YYYY-MM (got "${text}")`);
  return { year: Number(match[1]), month: Number(match[2]) };
}

export function formatMonthKey(year: number, month: number): string {
  return `${year}-${String(month).padStart(2, "0")}`;
}

/** The month (YYYY-MM, in `timeZone`) holding an instant. */
export function monthKeyAt(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return formatMonthKey(p.year, p.month);
}

/** The month `offset` months after `month`. */
export function shiftMonth(month: string, offset: number): string {
  const { year, month: m } = parseMonthKey(month);
  const index = year * 12 + (m - 1) + offset;
  return formatMonthKey(Math.floor(index / 12), (index % 12) + 1);
}

/** [start, end) of a month in a time zone. */
export function monthRange(month: string, timeZone: string): { start: Date; end: Date } {
  const { year, month: m } = parseMonthKey(month);
  const day = (y: number, mo: number) => Date.UTC(y, mo - 1, 1) / 86_400_000;
  const next = parseMonthKey(shiftMonth(month, 1));
  return { start: startOfLocalDay(day(year, m), timeZone), end: startOfLocalDay(day(next.year, next.month), timeZone) };
}

/** "October 2026". */
export function monthTitle(month: string): string {
  const { year, month: m } = parseMonthKey(month);
  return new Date(Date.UTC(year, m - 1, 15)).toLocaleString("en", { month: "long", year: "numeric", timeZone: "UTC" });
}

export type RatePerThousand = { count: number; reviewed: number; perThousand: number | null; lower: number | null; upper: number | null };

/** count of `reviewed` as a rate per 1,000 with its 95 % Wilson interval; null figures when nothing was reviewed. */
export function ratePerThousand(count: number, reviewed: number): RatePerThousand {
  if (reviewed === 0) return { count, reviewed, perThousand: null, lower: null, upper: null };
  const interval = wilsonInterval(count, reviewed);
  return { count, reviewed, perThousand: (1000 * count) / reviewed, lower: 1000 * interval.lower, upper: 1000 * interval.upper };
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export type TrendMonth = { month: string; nearMisses: number; reviewed: number };
export type NearMissTrend = {
  months: (TrendMonth & { perThousand: number | null })[];
  rising: boolean;
  /** Why the trend is flagged (or null). */
  reason: string | null;
  /** One-sided Fisher p of the last month against the three before it; null without reviews. */
  increasePValue: number | null;
};

/**
 * The near-miss trend over the given months (oldest first, the month under review last). Rising
 * when near misses went up three months in a row (the rate per reviewed output when every one of
 * the four months had reviews, else the count), or when the last month's rate is significantly
 * above the three months before it pooled (one-sided Fisher exact test, p < 0.05).
 */
export function nearMissTrend(months: TrendMonth[], alpha = 0.05): NearMissTrend {
  const withRates = months.map((m) => ({ ...m, perThousand: m.reviewed > 0 ? (1000 * m.nearMisses) / m.reviewed : null }));
  let rising = false;
  let reason: string | null = null;
  let increasePValue: number | null = null;
  const last4 = withRates.slice(-4);
  if (last4.length === 4) {
    const useRates = last4.every((m) => m.reviewed > 0);
    const values = last4.map((m) => (useRates ? m.perThousand! : m.nearMisses));
    if (values[0] < values[1] && values[1] < values[2] && values[2] < values[3]) {
      rising = true;
      reason = `near misses ${useRates ? "per 1,000 reviewed " : ""}went up three months in a row`;
    }
  }
  const current = withRates.at(-1);
  const before = withRates.slice(-4, -1);
  const baseline = { errors: before.reduce((s, m) => s + m.nearMisses, 0), n: before.reduce((s, m) => s + m.reviewed, 0) };
  if (current && current.reviewed > 0 && baseline.n > 0 && current.nearMisses <= current.reviewed && baseline.errors <= baseline.n) {
    increasePValue = fisherExactTest({ baseline, current: { errors: current.nearMisses, n: current.reviewed }, alternative: "increase" }).pValue;
    if (increasePValue < alpha && !rising) {
      rising = true;
      reason = `the last month's near-miss rate is significantly above the three months before (p = ${increasePValue.toPrecision(2)})`;
    }
  }
  return { months: withRates, rising, reason, increasePValue };
}
