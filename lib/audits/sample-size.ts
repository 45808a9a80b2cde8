// Plan → the week's required sample size, with the formula as the QA lead sees it (numbers filled
// in) and what the size buys. All statistics come from lib/stats; this module only chooses which
// one to call and explains it.
import { cochranSampleSize, discoverySampleSize, twoProportionSampleSize } from "@/lib/stats/sample-size";
import { twoSidedZ } from "@/lib/stats/distributions";
import type { MethodParams, SampleSizeMethod } from "./plan";

export type SizeExplanation = {
  /** The size the method asks for, before capping at the population. */
  required: number;
  /** What is drawn: required capped at the population (a week with fewer outputs is reviewed whole). */
  n: number;
  formula: string;
  /** The formula with the numbers filled in, one step per line. */
  steps: string[];
  buys: {
    /** ± half-width of the confidence interval at the expected rate (with the finite-population correction). */
    margin: number;
    expectedRate: number;
    confidence: number;
    /** P(at least one error in the sample) if the true rate is the tolerable rate. */
    detectionProbability: number;
    tolerableRate: number;
  };
};

/** Weeks up to this size use the exact hypergeometric discovery size; larger ones the binomial. */
export const HYPERGEOMETRIC_LIMIT = 20_000;

const pct = (x: number, digits = 2) => `${+(x * 100).toFixed(digits)} %`;
const num = (x: number, digits = 4) => `${+x.toFixed(digits)}`;
const int = (x: number) => x.toLocaleString("en");

/** ± margin of a proportion p estimated from n of N items at a confidence. */
export function marginFor(n: number, population: number | undefined, p: number, confidence: number): number {
  if (n <= 0) return 1;
  const z = twoSidedZ(confidence);
  const fpc = population && population > 1 ? Math.max(0, (population - n) / (population - 1)) : 1;
  return z * Math.sqrt(((p * (1 - p)) / n) * fpc);
}

/** P(a sample of n holds at least one error) at error rate p; exact without replacement for a known small N. */
export function detectionProbabilityFor(n: number, population: number | undefined, p: number): number {
  if (n <= 0) return 0;
  if (population !== undefined && population > 0 && population <= HYPERGEOMETRIC_LIMIT) {
    if (n >= population) return 1;
    const errors = Math.max(1, Math.ceil(p * population));
    // P(miss) = Π_{i<n} (N − M − i)/(N − i)
    let logMiss = 0;
    for (let i = 0; i < n; i++) {
      if (population - errors - i <= 0) return 1;
      logMiss += Math.log((population - errors - i) / (population - i));
    }
    return -Math.expm1(logMiss);
  }
  return -Math.expm1(n * Math.log1p(-p));
}

/**
 * The required sample size for a week of `population` outputs (undefined: unknown, e.g. in the
 * calculator before a population is entered, which gives the infinite-population answer).
 */
export function requiredSampleSize(method: SampleSizeMethod, params: MethodParams, population?: number): SizeExplanation {
  const P = params;
  let required: number;
  let formula: string;
  let steps: string[];
  const N = population;
  switch (method) {
    case "estimate": {
      const r = cochranSampleSize({ expectedRate: P.expectedRate, marginOfError: P.marginOfError, confidence: P.confidence, populationSize: N && N > 0 ? N : undefined });
      required = r.required;
      formula = "n₀ = z²·p(1 − p)/e²,  n = n₀/(1 + (n₀ − 1)/N)  (Cochran, finite-population corrected)";
      steps = [
        `z = Φ⁻¹(1 − α/2) at ${pct(P.confidence)} confidence = ${num(r.z)}`,
        `n₀ = ${num(r.z)}² × ${P.expectedRate} × ${num(1 - P.expectedRate)} / ${P.marginOfError}² = ${num(r.n0, 2)}`,
        N && N > 0 ? `n = ${num(r.n0, 2)} / (1 + (${num(r.n0, 2)} − 1)/${int(N)}) = ${num(r.n, 2)} → ${int(required)}` : `no population size: n = ⌈n₀⌉ = ${int(required)}`,
      ];
      break;
    }
    case "discovery": {
      const exact = N !== undefined && N > 0 && N <= HYPERGEOMETRIC_LIMIT;
      if (exact) {
        const M = Math.max(1, Math.ceil(P.tolerableRate * N));
        const r = discoverySampleSize({ tolerableRate: P.tolerableRate, confidence: P.confidence, populationSize: N, errorsInPopulation: M });
        required = r.required;
        formula = "smallest n with 1 − C(N − M, n)/C(N, n) ≥ C  (exact hypergeometric, M = ⌈p·N⌉ errors)";
        steps = [
          `M = ⌈${P.tolerableRate} × ${int(N)}⌉ = ${int(M)} errors in the week`,
          `smallest n with P(at least one error among n) ≥ ${pct(P.confidence)}: n = ${int(required)} (P = ${pct(r.probabilityOfDetection)})`,
        ];
      } else {
        const r = discoverySampleSize({ tolerableRate: P.tolerableRate, confidence: P.confidence });
        required = r.required;
        formula = "n = ⌈ln(1 − C)/ln(1 − p)⌉  (binomial discovery sampling)";
        steps = [
          `n = ln(1 − ${P.confidence}) / ln(1 − ${P.tolerableRate}) = ${num(Math.log1p(-P.confidence) / Math.log1p(-P.tolerableRate), 2)} → ${int(required)}`,
          `P(at least one error | rate ${pct(P.tolerableRate)}) = ${pct(r.probabilityOfDetection)}`,
        ];
      }
      break;
    }
    case "change": {
      const r = twoProportionSampleSize({ p1: P.baselineRate, p2: P.changedRate, alpha: P.alpha, power: P.power });
      required = r.perGroupRequired;
      const pbar = (P.baselineRate + P.changedRate) / 2;
      formula = "n = (z_{α/2}·√(2p̄q̄) + z_β·√(p₁q₁ + p₂q₂))² / (p₁ − p₂)²  (per week, two-proportion test)";
      steps = [
        `p₁ = ${P.baselineRate}, p₂ = ${P.changedRate}, p̄ = ${num(pbar)}, α = ${P.alpha} (two-sided), power = ${pct(P.power)}`,
        `n = ${num(r.perGroup, 2)} → ${int(required)} per week`,
      ];
      break;
    }
    case "fixed": {
      required = P.fixedSize;
      formula = "n fixed by the plan";
      steps = [`n = ${int(required)}`];
      break;
    }
  }
  const n = N !== undefined ? Math.min(required, N) : required;
  if (N !== undefined && required > N) steps.push(`the week has only ${int(N)} outputs: all are reviewed`);
  return {
    required,
    n,
    formula,
    steps,
    buys: {
      margin: marginFor(n, N, P.expectedRate, P.confidence),
      expectedRate: P.expectedRate,
      confidence: P.confidence,
      detectionProbability: detectionProbabilityFor(n, N, P.tolerableRate),
      tolerableRate: P.tolerableRate,
    },
  };
}
