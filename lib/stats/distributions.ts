// Normal and beta distribution functions with input validation, built on @stdlib
// (see docs/decisions/003-statistics-dependencies.md for why these packages).
import stdlibBetaQuantile from "@stdlib/stats-base-dists-beta-quantile";
import stdlibNormalCdf from "@stdlib/stats-base-dists-normal-cdf";
import stdlibNormalQuantile from "@stdlib/stats-base-dists-normal-quantile";

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** Throws a RangeError unless `p` is a probability strictly between 0 and 1. */
export function assertOpenUnit(value: number, name: string): void {
  if (typeof value !== "number" || !(value > 0 && value < 1)) {
    throw new RangeError(`${name} must be a fraction strictly between 0 and 1 (got ${String(value)})`);
  }
}

/** Throws a RangeError unless `value` is a finite integer ≥ `min`. */
export function assertInteger(value: number, name: string, min = 0): void {
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(`${name} must be an integer ≥ ${min} (got ${String(value)})`);
  }
}

/**
 * Standard normal CDF Φ(x) = ½·erfc(−x/√2) (@stdlib, erfc-based, so the lower tail keeps its
 * relative precision: Φ(−37) ≈ 5.7e−300 to about 1e−13).
 */
export function normalCdf(x: number): number {
  if (typeof x !== "number" || Number.isNaN(x)) throw new RangeError(`normalCdf needs a number (got ${String(x)})`);
  return stdlibNormalCdf(x, 0, 1);
}

/**
 * Standard normal quantile Φ⁻¹(p), 0 < p < 1.
 *
 * @stdlib computes √2·erfinv(2p − 1); the subtraction 2p − 1 throws away the digits of a small p
 * (relative error 2e−9 at p = 1e−10, −∞ below p ≈ 1e−17). So p > ½ is mapped to −Φ⁻¹(1 − p) (exact,
 * Sterbenz), the central region p ≥ 0.01 is taken from @stdlib as is (accurate to a few ulp there),
 * and the lower tail is polished with Halley steps on ln Φ(x) − ln p using the relative-precise
 * lower-tail CDF (the refinement step Acklam suggests for his approximation). Within 2e−15 relative of
 * a 50-digit reference (and so of Wichura's AS 241, R's qnorm) for 1e−300 ≤ p < 1.
 */
export function normalQuantile(p: number): number {
  assertOpenUnit(p, "probability");
  if (p > 0.5) return -lowerNormalQuantile(1 - p);
  return lowerNormalQuantile(p);
}

function lowerNormalQuantile(p: number): number {
  if (p === 0.5) return 0;
  let x = stdlibNormalQuantile(p, 0, 1);
  if (p >= 0.01) return x;
  if (!Number.isFinite(x) || p < 1e-15) {
    // Asymptotic start: Φ(x) ≈ φ(x)/|x| ⇒ x² ≈ −2 ln p − ln(−2 ln p) − ln 2π.
    const t = -2 * Math.log(p);
    x = -Math.sqrt(t - Math.log(t) - Math.log(2 * Math.PI));
  }
  for (let i = 0; i < 50; i++) {
    const cdf = stdlibNormalCdf(x, 0, 1);
    // Halley's method on f(x) = ln Φ(x) − ln p (well scaled for tiny p):
    // f' = φ/Φ, f''/f' = −(x + φ/Φ).
    const density = Math.exp(-0.5 * x * x) / SQRT_2PI;
    const r = (cdf / density) * (Math.log(cdf) - Math.log(p));
    const step = r / (1 + 0.5 * r * (x + density / cdf));
    x -= step;
    if (Math.abs(step) <= 4e-16 * Math.abs(x)) break;
  }
  return x;
}

/**
 * Two-sided critical value z_{1−α/2} for a confidence level, computed as −Φ⁻¹((1 − confidence)/2)
 * so the small tail probability is never formed by subtracting from 1.
 */
export function twoSidedZ(confidence: number): number {
  assertOpenUnit(confidence, "confidence");
  return -normalQuantile((1 - confidence) / 2);
}

/**
 * Beta(a, b) quantile I⁻¹_p(a, b) (@stdlib port of Boost's ibeta_inv: Temme/DiDonato–Morris start,
 * Halley refinement to full double precision). p in [0, 1], a > 0, b > 0.
 */
export function betaQuantile(p: number, a: number, b: number): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new RangeError(`probability must be in [0, 1] (got ${String(p)})`);
  if (!(a > 0) || !(b > 0) || !Number.isFinite(a) || !Number.isFinite(b)) {
    throw new RangeError(`beta shape parameters must be finite and > 0 (got a = ${String(a)}, b = ${String(b)})`);
  }
  return stdlibBetaQuantile(p, a, b);
}
