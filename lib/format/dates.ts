// The one way Assay writes dates. ISO-like and 24-hour ("2026-11-23 14:05"), so no reader
// mistakes 03/11 for 11 March; project data in the project's time zone, with the zone named
// (an offset such as "UTC+1", or "UTC"); and, where a moment is recent, how long ago it was.
// Pure: the caller passes `now`, so a server-rendered page and its tests agree.

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function parts(date: Date, timeZone: string) {
  const out: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(date)) out[part.type] = part.value;
  return out as { year: string; month: string; day: string; hour: string; minute: string; timeZoneName: string };
}

/** "2026-11-23" in the zone. */
export function formatDate(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** "2026-11-23 14:05" in the zone (no zone written: say it once nearby, or use formatDateTimeWithZone). */
export function formatDateTime(date: Date, timeZone: string): string {
  const p = parts(date, timeZone);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}`;
}

/** The zone's offset at that moment: "UTC", "UTC+1", "UTC-5", "UTC+5:45". */
export function zoneOffsetLabel(date: Date, timeZone: string): string {
  // longOffset gives "GMT", "GMT+01:00" or "GMT-05:00".
  const match = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(parts(date, timeZone).timeZoneName);
  if (!match || !match[1] || (match[2] === "00" && match[3] === "00")) return "UTC";
  const hours = String(Number(match[2]));
  return `UTC${match[1]}${hours}${match[3] === "00" ? "" : `:${match[3]}`}`;
}

/** "2026-11-23 14:05 UTC+1". */
export function formatDateTimeWithZone(date: Date, timeZone: string): string {
  return `${formatDateTime(date, timeZone)} ${zoneOffsetLabel(date, timeZone)}`;
}

/** How a zone is named on a page: "Europe/Berlin (UTC+1)", or "UTC". */
export function describeTimeZone(timeZone: string, at: Date): string {
  const offset = zoneOffsetLabel(at, timeZone);
  return timeZone === "UTC" || timeZone === "Etc/UTC" ? "UTC" : `${timeZone} (${offset})`;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** Beyond this, a relative time says less than the date itself. */
export const RECENT_MS = 7 * DAY;

/** "just now", "5 min ago", "3 h ago", "2 days ago", "in 4 h", "in 3 days"; null when not within a week. */
export function formatRelative(date: Date, now: Date): string | null {
  const diff = date.getTime() - now.getTime();
  const distance = Math.abs(diff);
  if (distance >= RECENT_MS) return null;
  if (distance < MINUTE) return "just now";
  const amount = distance < HOUR ? `${Math.floor(distance / MINUTE)} min` : distance < DAY ? `${Math.floor(distance / HOUR)} h` : plural(Math.floor(distance / DAY), "day");
  return diff < 0 ? `${amount} ago` : `in ${amount}`;
}

function plural(n: number, unit: string): string {
  return `${n} ${unit}${n === 1 ? "" : "s"}`;
}

/** "2026-11-23 14:05 UTC+1 (3 h ago)"; without the parenthesis when not recent. */
export function formatMoment(date: Date, options: { timeZone: string; now: Date }): string {
  const relative = formatRelative(date, options.now);
  const absolute = formatDateTimeWithZone(date, options.timeZone);
  return relative ? `${absolute} (${relative})` : absolute;
}
