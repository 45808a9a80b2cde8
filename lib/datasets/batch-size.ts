// How many rows the next keyset batch of an export asks for on the embedded database, where every
// statement holds the one database session and reviewers' requests wait behind it. The size
// follows the time the last statement took, so that a statement stays near the target on a fast
// machine and a slow (or busy) one alike. Pure.
export const EMBEDDED_BATCH = { initial: 100, min: 20, max: 2000, targetMs: 20 } as const;

export function nextBatchSize(size: number, elapsedMs: number, limits: { min: number; max: number; targetMs: number } = EMBEDDED_BATCH): number {
  const scaled = size * (limits.targetMs / Math.max(elapsedMs, 0.1));
  // Grow at most twofold a step (one fast statement proves little); shrink at once.
  const bounded = Math.min(scaled, size * 2);
  return Math.max(limits.min, Math.min(limits.max, Math.floor(bounded)));
}
