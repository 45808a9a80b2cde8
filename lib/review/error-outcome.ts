// What "an error" is when a plan speaks of the error rate (sample sizing, Neyman weights): a gold
// label with any answer the rubric flags as a failure (an option's `failure`, a boolean's
// `failureWhen`, a scale's `failureBelow`). The rubric says it, not a list of key names, so a
// renamed or added dimension counts as its flags say, and the rate a plan is sized for and the
// rate observed afterwards measure the same thing.
import type { Dimension, LabelValues } from "./rubric";

/** Whether one dimension's value is a failure by the dimension's own flags. */
export function valueIsFailure(dimension: Dimension, value: unknown): boolean {
  switch (dimension.kind) {
    case "categorical":
    case "ordinal":
      return typeof value === "string" && dimension.options.some((o) => o.value === value && o.failure === true);
    case "multiselect":
      return Array.isArray(value) && dimension.options.some((o) => o.failure === true && value.includes(o.value));
    case "boolean":
      return typeof value === "boolean" && dimension.failureWhen !== undefined && value === dimension.failureWhen;
    case "scale":
      return typeof value === "number" && dimension.failureBelow !== undefined && value < dimension.failureBelow;
    case "text":
      return false;
  }
}

/** Whether any answer of this dimension can be a failure by its flags (a text dimension never is). */
export function dimensionCanCarryFailure(dimension: Dimension): boolean {
  switch (dimension.kind) {
    case "categorical":
    case "ordinal":
    case "multiselect":
      return dimension.options.some((o) => o.failure === true);
    case "boolean":
      return dimension.failureWhen !== undefined;
    case "scale":
      return dimension.failureBelow !== undefined;
    case "text":
      return false;
  }
}

/** The keys of the dimensions whose value in this label is a failure, in rubric order. */
export function failingDimensions(dimensions: Dimension[], values: LabelValues): string[] {
  return dimensions.filter((d) => valueIsFailure(d, values[d.key])).map((d) => d.key);
}

/** True when any dimension of the label holds an answer its rubric flags as a failure. */
export function labelShowsError(dimensions: Dimension[], values: LabelValues): boolean {
  return dimensions.some((d) => valueIsFailure(d, values[d.key]));
}

/** Observed error rate per stratum from gold labels; strata with fewer than `minimumItems` labels are left out. */
export function observedErrorRates(
  dimensions: Dimension[],
  labels: { stratum: string; values: LabelValues }[],
  minimumItems: number,
): Record<string, { rate: number; items: number }> {
  const tally = new Map<string, { errors: number; items: number }>();
  for (const label of labels) {
    const t = tally.get(label.stratum) ?? { errors: 0, items: 0 };
    t.items++;
    if (labelShowsError(dimensions, label.values)) t.errors++;
    tally.set(label.stratum, t);
  }
  return Object.fromEntries([...tally].filter(([, t]) => t.items >= minimumItems).map(([stratum, t]) => [stratum, { rate: t.errors / t.items, items: t.items }]));
}
