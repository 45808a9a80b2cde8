// assisted.ts, stratified-interval.ts and audits/design-effect.ts against independent reference
// values (reference/generate_assisted.py: exact fractions for the sums, mpmath at 50 digits for roots,
// quantiles and betting capital), to 1e−9 relative as issue 18 asks.
import { describe, expect, it } from "vitest";
import { plannedAllocationMargin } from "@/lib/audits/design-effect";
import { assistedStratifiedEstimate, compareCohorts, confidenceSequence, ppiMeanEstimate, stratifiedConfidenceSequence } from "./assisted";
import cases from "./reference/assisted-cases.json";
import { binomialIncreaseTest } from "./proportion-change";
import { stratifiedWilsonInterval } from "./stratified-interval";

type Case = { fn: string; args: unknown[]; expected: Record<string, unknown> };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const functions: Record<string, (...args: any[]) => unknown> = {
  assistedStratifiedEstimate,
  ppiMeanEstimate,
  confidenceSequence,
  compareCohorts,
  stratifiedConfidenceSequence,
  stratifiedWilsonInterval,
  binomialIncreaseTest,
  plannedAllocationMargin: (strata, confidence, targets: number[]) => {
    const r = plannedAllocationMargin(strata, confidence);
    return { margin: r.margin, designEffect: r.designEffect, simpleRandomMargin: r.simpleRandomMargin, sizes: targets.map((t) => r.sampleSizeForMargin(t)) };
  },
};

function compare(got: unknown, expected: unknown, path: string, failures: string[]): void {
  if (typeof expected === "number") {
    const g = got as number;
    const ok = g === expected || Math.abs(g - expected) <= 1e-9 * Math.abs(expected) || (Math.abs(expected) < 1e-12 && Math.abs(g - expected) < 1e-15);
    if (!ok) failures.push(`${path}: got ${g}, expected ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length) failures.push(`${path}: length ${Array.isArray(got) ? got.length : "none"} ≠ ${expected.length}`);
    else expected.forEach((e, i) => compare(got[i], e, `${path}[${i}]`, failures));
  } else if (expected && typeof expected === "object") {
    for (const key of Object.keys(expected)) compare((got as Record<string, unknown>)?.[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, failures);
  } else if (got !== expected) failures.push(`${path}: got ${String(got)}, expected ${String(expected)}`);
}

const byFunction = new Map<string, Case[]>();
for (const c of cases as Case[]) byFunction.set(c.fn, [...(byFunction.get(c.fn) ?? []), c]);

describe("independent reference values (judge-assisted estimates, confidence sequences, rare-rate interval, planned margin)", () => {
  it.each([...byFunction.keys()])("%s", (name) => {
    const failures: string[] = [];
    for (const [i, c] of byFunction.get(name)!.entries()) compare(functions[name](...c.args), c.expected, `${name}#${i}`, failures);
    expect(failures).toEqual([]);
  });
});
