// Which gold values count as failures, read from the rubric's own flags (team contract: option
// `failure`, boolean `failureWhen`, scale `failureBelow`), never from key names. This is the one
// place the dataset code asks the question, so that it can be pointed at lib/review's
// `failingDimensions` once that lands on main.

/** A rubric dimension as far as failure flags go; extra fields are ignored. */
export type FlaggedDimension = {
  key: string;
  kind: string;
  options?: { value: string; failure?: boolean }[];
  failureWhen?: boolean;
  failureBelow?: number;
};

export function failingDimensionKeys(dimensions: readonly FlaggedDimension[], values: Record<string, unknown> | null): string[] {
  if (!values) return [];
  const failing: string[] = [];
  for (const dimension of dimensions) {
    const value = values[dimension.key];
    if (value === undefined || value === null) continue;
    if (isFailingValue(dimension, value)) failing.push(dimension.key);
  }
  return failing;
}

function isFailingValue(dimension: FlaggedDimension, value: unknown): boolean {
  if (dimension.kind === "boolean") return dimension.failureWhen !== undefined && value === dimension.failureWhen;
  if (dimension.kind === "scale") return dimension.failureBelow !== undefined && typeof value === "number" && value < dimension.failureBelow;
  const failingOptions = new Set((dimension.options ?? []).filter((o) => o.failure).map((o) => o.value));
  if (Array.isArray(value)) return value.some((v) => typeof v === "string" && failingOptions.has(v));
  return typeof value === "string" && failingOptions.has(value);
}
