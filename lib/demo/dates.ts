// ISO-week arithmetic in UTC. The demo is organised in ISO weeks because sampling audits are
// weekly; UTC keeps the generated data independent of the machine's time zone.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the ISO week containing `date`. */
export function isoWeekStart(date: Date): Date {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError("isoWeekStart needs a valid date");
  const midnight = Math.floor(time / DAY_MS) * DAY_MS;
  // getUTCDay: Sunday = 0; ISO weeks start on Monday, so Sunday is 6 days after the start.
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return new Date(midnight - daysSinceMonday * DAY_MS);
}

/** ISO week-numbering year and week number (1–53) of `date`. */
export function isoWeek(date: Date): { year: number; week: number } {
  // The ISO year is the year of the week's Thursday, which also fixes week 1 (the week with 4 January).
  const thursday = new Date(isoWeekStart(date).getTime() + 3 * DAY_MS);
  const year = thursday.getUTCFullYear();
  const dayOfYear = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

/** Compact week label used in demo ids, e.g. "2026w07". */
export function isoWeekLabel(date: Date): string {
  const { year, week } = isoWeek(date);
  return `${year}w${String(week).padStart(2, "0")}`;
}
