// Task outcome in three classes from the rubric's option flags (team contract: a `failure` option
// is a failure, a `partial` option its own outcome, any other option a success), for
// computeAuditResults' outcome split. Meaning comes from the flags, never from option names.
import type { OutcomeClass } from "./audit-results";

export function outcomeClassifier(options: { value: string; failure?: boolean; partial?: boolean }[]): (value: unknown) => OutcomeClass | null {
  const classes = new Map<string, OutcomeClass>();
  for (const o of options) classes.set(o.value, o.failure ? "failure" : o.partial ? "partial" : "success");
  // An answer the rubric does not know (or no answer) is not silently a success.
  return (value) => (typeof value === "string" ? (classes.get(value) ?? null) : null);
}
