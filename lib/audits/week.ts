// ISO weeks (Monday to Monday) in a project's IANA time zone, as [start, end) instants. A week in
// Europe/Berlin starts at local midnight on Monday, which is a different instant from UTC's, and a
// week with a DST change is 167 or 169 hours long: both matter for which outputs are in the week.

const WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export type IsoWeek = { year: number; week: number };

export function parseIsoWeek(text: string): IsoWeek {
  const match = WEEK_PATTERN.exec(text);
  if (!match) throw new RangeError(`"${text}" is not an ISO week such as 2026-W47`);
  const year = Number(match[1]);
  const week = Number(match[2]);
  if (week < 1 || week > weeksInIsoYear(year)) throw new RangeError(`${year} has no ISO week ${week} (it has ${weeksInIsoYear(year)})`);
  return { year, week };
}

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, "0")}-W${String(week).padStart(2, "0")}`;
}

/** Day number (days since 1970-01-01) of a proleptic Gregorian calendar date. */
function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000);
}

function isoWeekday(days: number): number {
  // 1970-01-01 was a Thursday (ISO weekday 4).
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** The day number of Monday of ISO week 1 of `year` (the week holding January 4th). */
function week1Monday(year: number): number {
  const jan4 = dayNumber(year, 1, 4);
  return jan4 - (isoWeekday(jan4) - 1);
}

export function weeksInIsoYear(year: number): number {
  return (week1Monday(year + 1) - week1Monday(year)) / 7;
}

/** The ISO week holding a calendar date. */
export function isoWeekOfDate(year: number, month: number, day: number): IsoWeek {
  const days = dayNumber(year, month, day);
  const thursday = days + (4 - isoWeekday(days));
  const isoYear = new Date(thursday * 86_400_000).getUTCFullYear();
  return { year: isoYear, week: Math.floor((thursday - week1Monday(isoYear)) / 7) + 1 };
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Throws RangeError for an unknown zone, which is what callers should see.
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock date and time in `timeZone` at an instant. */
export function zonedParts(instant: Date, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(instant)) if (p.type !== "literal") parts[p.type] = Number(p.value);
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour % 24, minute: parts.minute, second: parts.second };
}

/** Offset of `timeZone` from UTC at an instant, in milliseconds (local = utc + offset). */
function offsetAt(instant: number, timeZone: string): number {
  const p = zonedParts(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of local midnight starting a given day in `timeZone`. If midnight does not exist
 * (a DST jump at 00:00), the first instant of the day after the gap.
 */
export function startOfLocalDay(days: number, timeZone: string): Date {
  const localMidnight = days * 86_400_000;
  // Two fixed-point iterations settle the offset except inside a gap, handled below.
  let guess = localMidnight - offsetAt(localMidnight, timeZone);
  guess = localMidnight - offsetAt(guess, timeZone);
  const p = zonedParts(new Date(guess), timeZone);
  const landed = dayNumber(p.year, p.month, p.day);
  if (landed < days) {
    // Fell into the previous day: midnight was skipped; the day begins when the gap ends.
    guess = localMidnight - offsetAt(guess + 86_400_000 / 4, timeZone);
  }
  return new Date(guess);
}

/** [start, end) of an ISO week in a time zone. */
export function isoWeekRange(week: string | IsoWeek, timeZone: string): { start: Date; end: Date } {
  const w = typeof week === "string" ? parseIsoWeek(week) : week;
  const monday = week1Monday(w.year) + (w.week - 1) * 7;
  return { start: startOfLocalDay(monday, timeZone), end: startOfLocalDay(monday + 7, timeZone) };
}

/** The ISO week (in `timeZone`) holding an instant. */
export function isoWeekAt(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  return formatIsoWeek(isoWeekOfDate(p.year, p.month, p.day));
}

/** The week `offset` weeks after `week` (negative for earlier weeks). */
export function shiftIsoWeek(week: string, offset: number): string {
  const w = parseIsoWeek(week);
  const monday = week1Monday(w.year) + (w.week - 1 + offset) * 7;
  const d = new Date(monday * 86_400_000);
  return formatIsoWeek(isoWeekOfDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
}

/** Whether a week is closed for drawing: its end plus the grace period is past. */
export function isWeekClosed(range: { end: Date }, graceHours: number, now: Date): boolean {
  return range.end.getTime() + graceHours * 3_600_000 <= now.getTime();
}

/** The most recent week whose end plus grace lies before `now`. */
export function lastClosedWeek(now: Date, timeZone: string, graceHours: number): string {
  let week = shiftIsoWeek(isoWeekAt(now, timeZone), -1);
  while (!isWeekClosed(isoWeekRange(week, timeZone), graceHours, now)) week = shiftIsoWeek(week, -1);
  return week;
}
