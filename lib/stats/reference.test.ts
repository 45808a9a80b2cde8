// Every function against independent reference values (reference/generate.py: exact rational
// arithmetic for the agreement statistics, mpmath at 50 digits for quantiles, intervals, power and
// p-values), to 1e−12 relative — the acceptance bound is 1e−9.
import { describe, expect, it } from "vitest";
import * as agreement from "./agreement";
import * as hypothesisTests from "./hypothesis-tests";
import * as intervals from "./intervals";
import cases from "./reference/cases.json";
import * as sampleSize from "./sample-size";
import * as stratified from "./stratified";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const functions: Record<string, (...args: any[]) => any> = { ...agreement, ...intervals, ...sampleSize, ...stratified, ...hypothesisTests };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function compare(got: any, expected: any, path: string, failures: string[]): void {
  if (typeof expected === "number") {
    const ok = got === expected || Math.abs(got - expected) <= 1e-12 * Math.abs(expected) || (Math.abs(expected) < 1e-12 && Math.abs(got - expected) < 1e-15);
    if (!ok) failures.push(`${path}: got ${got}, expected ${expected}`);
  } else if (Array.isArray(expected)) {
    expected.forEach((e, i) => compare(got?.[i]?.kappa ?? got?.[i], e, `${path}[${i}]`, failures));
  } else {
    for (const key of Object.keys(expected)) compare(got?.[key], expected[key], `${path}.${key}`, failures);
  }
}

const byFunction = new Map<string, typeof cases>();
for (const c of cases) byFunction.set(c.fn, [...(byFunction.get(c.fn) ?? []), c]);

describe("independent reference values", () => {
  it.each([...byFunction.keys()])("%s", (name) => {
    const failures: string[] = [];
    for (const [i, c] of byFunction.get(name)!.entries()) {
      compare(functions[name](...c.args), c.expected, `${name}#${i}`, failures);
    }
    expect(failures).toEqual([]);
  });
});
