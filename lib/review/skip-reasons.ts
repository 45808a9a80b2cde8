// What a reviewer may say when giving an item up or flagging it for a QA lead. The suggestions
// are a starting point on screen (one key each); any reason the reviewer writes is accepted.
export const SKIP_REASON_SUGGESTIONS = [
  "Outside my expertise",
  "Cannot judge: the input or output is unreadable or cut off",
  "Conflict of interest",
  "The rubric does not fit this item",
] as const;

export const FLAG_REASON_SUGGESTIONS = [
  "Possible harm or a safety concern: please look",
  "Personal data that redaction missed",
  "The guidelines do not say how to label this",
  "Looks like a logging or ingest error",
] as const;

export const MAX_REASON_LENGTH = 500;

/** The reason as stored (trimmed), or an error message naming what is wrong. */
export function checkReason(reason: unknown): { ok: true; reason: string } | { ok: false; message: string } {
  if (typeof reason !== "string" || reason.trim() === "") return { ok: false, message: "say why, in a few words" };
  const trimmed = reason.trim();
  if (trimmed.length > MAX_REASON_LENGTH) return { ok: false, message: `at most ${MAX_REASON_LENGTH} characters (this one has ${trimmed.length})` };
  return { ok: true, reason: trimmed };
}
