// Wall-clock times typed into a form (datetime-local, "2026-10-05T14:30") read in the project's
// time zone, and instants shown back in that form. Pure.
import { startOfLocalDay, zonedParts } from "@/lib/audits/week";

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;

/** The instant a local wall-clock time names in `timeZone`, or null when it is not one. */
export function zonedLocalToInstant(text: string, timeZone: string): Date | null {
  const m = LOCAL.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((v) => Number(v ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const midnight = startOfLocalDay(Date.UTC(year, month - 1, day) / 86_400_000, timeZone);
  // Hours after local midnight; across a DST change that day, the clock reading decides.
  let guess = new Date(midnight.getTime() + ((hour * 60 + minute) * 60 + (second || 0)) * 1000);
  const shown = zonedParts(guess, timeZone);
  const drift = (shown.hour * 60 + shown.minute - (hour * 60 + minute)) * 60_000;
  if (drift !== 0 && Math.abs(drift) <= 2 * 3_600_000) guess = new Date(guess.getTime() - drift);
  return guess;
}

/** An instant as a datetime-local value in `timeZone`. */
export function instantToZonedLocal(instant: Date, timeZone: string): string {
  const p = zonedParts(instant, timeZone);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${p.year}-${two(p.month)}-${two(p.day)}T${two(p.hour)}:${two(p.minute)}`;
}

/** "2026-10-05 14:30" in `timeZone`. */
export function formatZoned(iso: string | null, timeZone: string): string {
  return iso ? instantToZonedLocal(new Date(iso), timeZone).replace("T", " ") : "—";
}
