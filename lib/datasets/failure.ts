// Which gold values count as failures: the rubric's own flags (option `failure`, boolean
// `failureWhen`, scale `failureBelow`) as lib/review reads them, never key names. The one place the
// dataset code asks the question.
import { valueIsFailure } from "@/lib/review/error-outcome";
import type { Dimension } from "@/lib/review/rubric";

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
  return dimensions.filter((d) => values[d.key] !== undefined && values[d.key] !== null && valueIsFailure(d as Dimension, values[d.key])).map((d) => d.key);
}
