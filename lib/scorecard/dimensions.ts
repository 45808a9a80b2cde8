// Which rubric dimensions the audit results report, read from the rubric's flags (team contract
// with h14: options may carry `failure`, boolean dimensions `failureWhen`, scale dimensions
// `failureBelow`). Structural types, so this works with lib/review's Dimension as h14 extends it.
export type FlaggedDimension = {
  key: string;
  label: string;
  kind: string;
  options?: { value: string; failure?: boolean; partial?: boolean }[];
  failureWhen?: boolean;
  failureBelow?: number;
};

/** Dimensions that can carry a failure, in rubric order: each gets its own rate. */
export function failureCarryingDimensions(dimensions: FlaggedDimension[]): { key: string; label: string }[] {
  return dimensions
    .filter((d) => (d.options ?? []).some((o) => o.failure) || (d.kind === "boolean" && typeof d.failureWhen === "boolean") || (d.kind === "scale" && typeof d.failureBelow === "number"))
    .map((d) => ({ key: d.key, label: d.label }));
}

/** Scale dimensions (e.g. tone), whose mean the results report. */
export function scaleDimensions(dimensions: FlaggedDimension[]): { key: string; label: string }[] {
  return dimensions.filter((d) => d.kind === "scale").map((d) => ({ key: d.key, label: d.label }));
}

/** The dimension whose options split into success / partial / failure (one with a `partial` option), if any. */
export function outcomeDimension(dimensions: FlaggedDimension[]): FlaggedDimension | null {
  return dimensions.find((d) => (d.options ?? []).some((o) => o.partial) && (d.options ?? []).some((o) => o.failure)) ?? null;
}
