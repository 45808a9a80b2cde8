// The difference between two versions of a dataset, from one merge pass over both row streams
// (each in output-id order): rows added, rows removed, and rows changed with the dimensions whose
// gold value changed (old -> new) and the other fields that changed.
import { canonicalJson, compareCodeUnits, compareRowIds } from "./canonical";
import type { DatasetRow } from "./types";

export type DimensionChange = { key: string; from: unknown; to: unknown };
export type RowChange = { outputId: string; dimensions: DimensionChange[]; fields: string[] };
export type VersionDiff = {
  added: string[];
  removed: string[];
  changed: RowChange[];
  counts: { added: number; removed: number; changed: number; unchanged: number };
};

/** How the two rows of one output differ; null when they are identical. */
export function diffRows(before: DatasetRow, after: DatasetRow): RowChange | null {
  const dimensions: DimensionChange[] = [];
  const keys = [...new Set([...Object.keys(before.gold ?? {}), ...Object.keys(after.gold ?? {})])].sort(compareCodeUnits);
  for (const key of keys) {
    const from = before.gold?.[key] ?? null;
    const to = after.gold?.[key] ?? null;
    if (canonicalJson(from) !== canonicalJson(to)) dimensions.push({ key, from, to });
  }
  const fields = (Object.keys(after) as (keyof DatasetRow)[])
    .filter((field) => field !== "gold" && canonicalJson(before[field] ?? null) !== canonicalJson(after[field] ?? null))
    .sort(compareCodeUnits);
  return dimensions.length === 0 && fields.length === 0 ? null : { outputId: after.output_id, dimensions, fields };
}

/** Lists are capped at `limit` entries each; the counts are always complete. */
export async function diffVersions(before: AsyncIterable<DatasetRow>, after: AsyncIterable<DatasetRow>, limit = 500): Promise<VersionDiff> {
  const diff: VersionDiff = { added: [], removed: [], changed: [], counts: { added: 0, removed: 0, changed: 0, unchanged: 0 } };
  const a = before[Symbol.asyncIterator]();
  const b = after[Symbol.asyncIterator]();
  let left = await a.next();
  let right = await b.next();
  while (!left.done || !right.done) {
    const order = left.done ? 1 : right.done ? -1 : compareRowIds(left.value.output_id, right.value.output_id);
    if (order < 0) {
      if (diff.removed.length < limit) diff.removed.push(left.value!.output_id);
      diff.counts.removed++;
      left = await a.next();
    } else if (order > 0) {
      if (diff.added.length < limit) diff.added.push(right.value!.output_id);
      diff.counts.added++;
      right = await b.next();
    } else {
      const change = diffRows(left.value!, right.value!);
      if (change) {
        if (diff.changed.length < limit) diff.changed.push(change);
        diff.counts.changed++;
      } else diff.counts.unchanged++;
      left = await a.next();
      right = await b.next();
    }
  }
  return diff;
}
