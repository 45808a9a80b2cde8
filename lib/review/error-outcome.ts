// What "an error" is when a plan speaks of the error rate (sample sizing, Neyman weights): a gold
// label that records any failure the default rubric can express. One definition, so the rate a
// plan is sized for and the rate observed afterwards measure the same thing.
import type { LabelValues } from "./rubric";

const FAILING_VALUES: Record<string, readonly string[]> = {
  factuality: ["minor_error", "major_error"],
  groundedness: ["partially_grounded", "ungrounded"],
  policy: ["violation"],
  task_outcome: ["failure"],
  harm: ["near_miss", "harmful"],
};

/** True when the label records a factual error, ungrounded answer, policy violation, failed task or harm. */
export function labelShowsError(values: LabelValues): boolean {
  return Object.entries(FAILING_VALUES).some(([key, failing]) => {
    const value = values[key];
    return typeof value === "string" && failing.includes(value);
  });
}

/** Observed error rate per stratum from gold labels; strata with fewer than `minimumItems` labels are left out. */
export function observedErrorRates(labels: { stratum: string; values: LabelValues }[], minimumItems: number): Record<string, { rate: number; items: number }> {
  const tally = new Map<string, { errors: number; items: number }>();
  for (const label of labels) {
    const t = tally.get(label.stratum) ?? { errors: 0, items: 0 };
    t.items++;
    if (labelShowsError(label.values)) t.errors++;
    tally.set(label.stratum, t);
  }
  return Object.fromEntries([...tally].filter(([, t]) => t.items >= minimumItems).map(([stratum, t]) => [stratum, { rate: t.errors / t.items, items: t.items }]));
}
