// Inter-rater agreement statistics. Pure functions; all shares are fractions 0..1.
//
// Implementation note: every statistic first maps the ratings to integer category codes in an
// Int32Array (−1 = missing) and then works on integer counts, so sums are exact until the final
// division, and 100,000 units × 3 raters take about 10 ms per statistic
// (scripts/bench/agreement.ts). Nothing is O(n²) in units.

/** A single rating; `null` (or `undefined` at runtime) is a missing rating. */
export type Rating = string | number | null;
export type Category = string | number;

// ---------------------------------------------------------------------------------------------
// Category coding

const SMALL_INT_LIMIT = 4096;

function describe(value: unknown): string {
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/**
 * Orders categories when none are declared: numbers ascending, then strings by UTF-16 code units
 * (locale-independent; R's sort() collates by locale, so declare `categories` whenever the order
 * matters, e.g. for weighted kappa on text labels).
 */
export function compareCategories(a: Category, b: Category): number {
  if (typeof a === "number") return typeof b === "number" ? a - b : -1;
  if (typeof b === "number") return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Assigns integer codes to categories. With declared categories the codes are their positions and
 * an undeclared rating is a RangeError; otherwise codes are assigned in order of first sight and
 * `sorted()` gives the compareCategories order. Lookup is a linear scan while there are at most 8
 * categories (a rubric's usual size; cheaper than hashing), then small non-negative integers use an
 * array and everything else a Map.
 */
class CategoryCoder {
  readonly values: Category[] = [];
  // Built once there are more than 8 categories: a 16 kB table per call would dominate the
  // cost of the many small calls a bootstrap over rating patterns makes.
  private small: Int32Array | null = null;
  private readonly map = new Map<Category, number>();
  readonly declared: boolean;

  constructor(declared?: readonly Category[]) {
    this.declared = declared !== undefined;
    if (declared) {
      if (!Array.isArray(declared)) throw new RangeError("categories must be an array");
      for (const category of declared) {
        if (category === null || category === undefined) throw new RangeError("categories must not contain null");
        checkCategory(category);
        if (this.lookup(category) !== -1) throw new RangeError(`category ${describe(category)} is declared twice`);
        this.add(category);
      }
    }
  }

  get size(): number {
    return this.values.length;
  }

  /** Code of a rating, −1 for missing. */
  code(value: unknown): number {
    if (value === null || value === undefined) return -1;
    const values = this.values;
    const k = values.length;
    if (k <= 8) {
      for (let i = 0; i < k; i++) if (values[i] === value) return i;
    } else {
      const c = this.lookup(value as Category);
      if (c !== -1) return c;
    }
    checkCategory(value);
    if (this.declared) throw new RangeError(`rating ${describe(value)} is not one of the declared categories`);
    return this.add(value as Category);
  }

  private lookup(value: Category): number {
    if (this.small && typeof value === "number" && (value | 0) === value && value >= 0 && value < SMALL_INT_LIMIT) return this.small[value];
    return this.map.get(value) ?? -1;
  }

  private add(value: Category): number {
    const c = this.values.length;
    this.values.push(value);
    this.map.set(value, c);
    const smallInt = (v: Category): v is number => typeof v === "number" && (v | 0) === v && v >= 0 && v < SMALL_INT_LIMIT;
    if (this.small) {
      if (smallInt(value)) this.small[value] = c;
    } else if (this.values.length > 8) {
      this.small = new Int32Array(SMALL_INT_LIMIT).fill(-1);
      this.values.forEach((v, i) => {
        if (smallInt(v)) this.small![v] = i;
      });
    }
    return c;
  }

  /** Codes in category order: declared order, or compareCategories order for undeclared ones. */
  order(): number[] {
    const order = this.values.map((_, i) => i);
    if (!this.declared) order.sort((i, j) => compareCategories(this.values[i], this.values[j]));
    return order;
  }
}

function checkCategory(value: unknown): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`rating ${describe(value)} is not a finite number`);
  } else if (typeof value !== "string") {
    throw new RangeError(`rating ${describe(value)} must be a string, a number or null`);
  }
}

interface CodedMatrix {
  /** Row-major codes in first-sight order (see CategoryCoder), −1 = missing. */
  codes: Int32Array;
  rows: number;
  cols: number;
  coder: CategoryCoder;
}

/** Codes a rectangular matrix; rows of different lengths are a RangeError. */
function codeMatrix(
  matrix: readonly (readonly Rating[])[],
  declared: readonly Category[] | undefined,
  what: { rows: string; cols: string },
): CodedMatrix {
  if (!Array.isArray(matrix) || matrix.length === 0) throw new RangeError(`ratings must contain at least one ${what.rows}`);
  const rows = matrix.length;
  const cols = Array.isArray(matrix[0]) ? matrix[0].length : 0;
  const coder = new CategoryCoder(declared);
  const codes = new Int32Array(rows * cols);
  let index = 0;
  for (let i = 0; i < rows; i++) {
    const row = matrix[i];
    if (!Array.isArray(row) || row.length !== cols) {
      throw new RangeError(
        `every ${what.rows} must have the same number of ${what.cols} (${what.rows} 0 has ${cols}, ${what.rows} ${i} has ${Array.isArray(row) ? row.length : "none"})`,
      );
    }
    for (let j = 0; j < cols; j++) codes[index++] = coder.code(row[j]);
  }
  return { codes, rows, cols, coder };
}

/**
 * Number of equal pairs among codes[0..m): direct comparison for few raters, category counts
 * (Σ C(x_c, 2)) otherwise. `counts` must be zero on entry and is left zeroed.
 */
function equalPairs(codes: Int32Array, m: number, counts: Int32Array): number {
  let equal = 0;
  if (m <= 16) {
    for (let i = 0; i < m; i++) {
      const a = codes[i];
      for (let j = i + 1; j < m; j++) if (codes[j] === a) equal++;
    }
    return equal;
  }
  for (let i = 0; i < m; i++) equal += counts[codes[i]]++;
  for (let i = 0; i < m; i++) counts[codes[i]] = 0;
  return equal;
}

/**
 * Per-unit weights: how many times each unit (subject) counts, as if it were repeated that often.
 * A bootstrap resample of identical units is then a weight vector over the distinct ones
 * (lib/stats/bootstrap.ts, bootstrapWeighted), so it costs the number of distinct rating patterns,
 * not of units. Non-negative integers (the exact integer sums stay exact); default 1 each.
 */
export type UnitWeights = readonly number[];

function checkWeights(weights: UnitWeights | undefined, units: number): void {
  if (weights === undefined) return;
  if (!Array.isArray(weights) || weights.length !== units) {
    throw new RangeError(`weights must have one entry per unit (${units}, got ${Array.isArray(weights) ? weights.length : "none"})`);
  }
  for (const w of weights) if (!(Number.isInteger(w) && w >= 0)) throw new RangeError(`weights must be non-negative integers (got ${describe(w)})`);
}

/** True if an integer-valued double is exactly representable (|x| ≤ 2^53 − 1). */
function safeInt(value: number): boolean {
  return Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}

// ---------------------------------------------------------------------------------------------
// Krippendorff's alpha

export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

/**
 * Krippendorff's alpha, coincidence-matrix form (Krippendorff 2011, "Computing Krippendorff's
 * Alpha-Reliability"; Krippendorff 2019, Content Analysis ch. 12).
 *
 *   o_ck = Σ_u Σ_{i≠j in u} [v_i = c, v_j = k] / (m_u − 1)     (units with m_u ≥ 2 values only)
 *   n_c = Σ_k o_ck,  n = Σ_c n_c
 *   α = 1 − D_o/D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck
 *
 * δ²: nominal [c ≠ k]; interval (c − k)²; ratio ((c − k)/(c + k))² (values must be ≥ 0);
 * ordinal (Σ_{g=c..k} n_g − (n_c + n_k)/2)², which equals (M_k − M_c)² with the mid-rank
 * M_g = Σ_{h<g} n_h + n_g/2 — so ordinal and interval are computed as within-unit and total sums of
 * squares (Σ_{i≠j}(x_i − x_j)² = 2m·Σ(x_i − x̄)²) without a k × k matrix.
 *
 * `data` is coders × units. Units with fewer than 2 values are not pairable and are ignored.
 * Ordinal, interval and ratio levels need numeric ratings (map ordered labels to ranks first).
 * Cost is O(values) at every level except ratio, whose expected disagreement is O(k²) in the number
 * of distinct values.
 * If no unit is pairable: RangeError. If all pairable values are identical, D_e = D_o = 0 and α is
 * defined as 1 (perfect agreement, no variation) rather than 0/0.
 */
export function krippendorffAlpha(data: Rating[][], level: MeasurementLevel, options: { weights?: UnitWeights } = {}): number {
  return prepareKrippendorffAlpha(data, level)(options.weights);
}

/**
 * krippendorffAlpha with the ratings coded once, for many weightings of the same units (a
 * bootstrap over rating patterns): `prepareKrippendorffAlpha(data, level)(weights)` is
 * `krippendorffAlpha(data, level, { weights })`, the same code on the same numbers.
 */
export function prepareKrippendorffAlpha(data: Rating[][], level: MeasurementLevel): (weights?: UnitWeights) => number {
  if (level !== "nominal" && level !== "ordinal" && level !== "interval" && level !== "ratio") {
    throw new RangeError(`level must be 'nominal', 'ordinal', 'interval' or 'ratio' (got ${describe(level)})`);
  }
  const { codes, rows: coders, cols: units, coder } = codeMatrix(data, undefined, { rows: "coder", cols: "units" });
  const categories = coder.values; // indexed by code (first-sight order)
  const k = categories.length;
  if (level !== "nominal") {
    for (const c of categories) {
      if (typeof c !== "number") throw new RangeError(`the ${level} level needs numeric ratings (got ${describe(c)})`);
      if (level === "ratio" && c < 0) throw new RangeError(`the ratio level needs non-negative values (got ${c})`);
    }
  }

  const order = level === "ordinal" ? coder.order() : null;
  return (weights) => {
    checkWeights(weights, units);
    // Pass 1: pairable values per category (n_c) and, for nominal, Σ_u (m_u² − Σ_c n_uc²) grouped by
    // m_u; m² − Σ_c n_uc² = m(m − 1) − 2·#{equal pairs in u}.
    const marginals = new Float64Array(k);
    const counts = new Int32Array(k);
    const byM = new Float64Array(coders + 1);
    const unitCodes = new Int32Array(coders);
    let n = 0;
    for (let u = 0; u < units; u++) {
      let m = 0;
      for (let c = 0; c < coders; c++) {
        const code = codes[c * units + u];
        if (code >= 0) unitCodes[m++] = code;
      }
      const w = weights ? weights[u] : 1;
      if (m < 2 || w === 0) continue;
      n += m * w;
      for (let i = 0; i < m; i++) marginals[unitCodes[i]] += w;
      byM[m] += w * (m * (m - 1) - 2 * equalPairs(unitCodes, m, counts));
    }
    if (n === 0) throw new RangeError("no unit has at least two values, so alpha is undefined");

    let observed: number; // Σ_ck o_ck δ²_ck
    let expected: number; // Σ_ck n_c n_k δ²_ck
    if (level === "nominal") {
      observed = 0;
      for (let m = 2; m <= coders; m++) if (byM[m] !== 0) observed += byM[m] / (m - 1);
      let sumMarginalSq = 0;
      for (let c = 0; c < k; c++) sumMarginalSq += marginals[c] * marginals[c];
      expected = n * n - sumMarginalSq;
    } else if (level === "interval" || level === "ordinal") {
      const x = new Float64Array(k);
      if (level === "interval") {
        for (let c = 0; c < k; c++) x[c] = categories[c] as number;
      } else {
        let below = 0;
        for (const c of order!) {
          x[c] = below + marginals[c] / 2;
          below += marginals[c];
        }
      }
      let mean = 0;
      for (let c = 0; c < k; c++) mean += marginals[c] * x[c];
      mean /= n;
      let totalSS = 0;
      for (let c = 0; c < k; c++) totalSS += marginals[c] * (x[c] - mean) * (x[c] - mean);
      expected = 2 * n * totalSS;
      observed = 0;
      const values = new Float64Array(coders);
      for (let u = 0; u < units; u++) {
        let m = 0;
        let sum = 0;
        for (let c = 0; c < coders; c++) {
          const code = codes[c * units + u];
          if (code >= 0) {
            values[m++] = x[code];
            sum += x[code];
          }
        }
        if (m < 2) continue;
        const unitMean = sum / m;
        let ss = 0;
        for (let i = 0; i < m; i++) ss += (values[i] - unitMean) * (values[i] - unitMean);
        observed += ((weights ? weights[u] : 1) * (2 * m * ss)) / (m - 1);
      }
    } else {
      const x = categories as number[];
      const delta2 = (a: number, b: number) => (a === b ? 0 : ((a - b) / (a + b)) ** 2);
      expected = 0;
      for (let c = 0; c < k; c++) {
        if (marginals[c] === 0) continue;
        for (let d = c + 1; d < k; d++) if (marginals[d] !== 0) expected += 2 * marginals[c] * marginals[d] * delta2(x[c], x[d]);
      }
      observed = 0;
      for (let u = 0; u < units; u++) {
        let m = 0;
        for (let c = 0; c < coders; c++) {
          const code = codes[c * units + u];
          if (code >= 0) unitCodes[m++] = code;
        }
        if (m < 2) continue;
        let pairs = 0;
        for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) pairs += delta2(x[unitCodes[i]], x[unitCodes[j]]);
        observed += ((weights ? weights[u] : 1) * (2 * pairs)) / (m - 1);
      }
    }
    if (expected === 0) return 1;
    return 1 - ((n - 1) * observed) / expected;
  };
}

// ---------------------------------------------------------------------------------------------
// Cohen's kappa

export interface KappaResult {
  kappa: number;
  po: number;
  pe: number;
}

/**
 * Cohen's kappa for two raters (Cohen 1960), optionally weighted (Cohen 1968):
 *
 *   κ = (p_o − p_e)/(1 − p_e),  p_o = Σ_ij w_ij p_ij,  p_e = Σ_ij w_ij p_i. p_.j
 *   linear w_ij = 1 − |i − j|/(k − 1),  quadratic w_ij = 1 − (i − j)²/(k − 1)²
 *
 * i, j are positions in `categories` (default: the sorted distinct values of the complete pairs, as
 * irr::kappa2 does). Pairs with a missing rating are dropped. κ is evaluated as
 * 1 − n·Σ v_ij n_ij / Σ v_ij r_i c_j with integer disagreement weights v = |i − j| or (i − j)², which
 * is algebraically identical and exact up to the last division. If p_e = 1 (both raters used one
 * and the same category throughout) then p_o = 1 as well, and κ is defined as 1.
 */
export function cohenKappa(
  rater1: Rating[],
  rater2: Rating[],
  options: { weights?: "unweighted" | "linear" | "quadratic"; categories?: (string | number)[]; unitWeights?: UnitWeights } = {},
): KappaResult {
  const weights = options.weights ?? "unweighted";
  if (weights !== "unweighted" && weights !== "linear" && weights !== "quadratic") {
    throw new RangeError(`weights must be 'unweighted', 'linear' or 'quadratic' (got ${describe(weights)})`);
  }
  if (!Array.isArray(rater1) || !Array.isArray(rater2)) throw new RangeError("both raters' ratings must be arrays");
  if (rater1.length !== rater2.length) {
    throw new RangeError(`rater1 and rater2 must rate the same units (lengths ${rater1.length} and ${rater2.length})`);
  }
  const unitWeights = options.unitWeights;
  checkWeights(unitWeights, rater1.length);
  const coder = new CategoryCoder(options.categories);
  const pairs = new Int32Array(2 * rater1.length);
  const pairWeights = new Float64Array(rater1.length);
  let kinds = 0; // complete pairs kept, each with its weight
  let n = 0;
  for (let i = 0; i < rater1.length; i++) {
    const a = coder.code(rater1[i]);
    const b = coder.code(rater2[i]);
    const w = unitWeights ? unitWeights[i] : 1;
    if (a < 0 || b < 0 || w === 0) continue;
    pairs[2 * kinds] = a;
    pairs[2 * kinds + 1] = b;
    pairWeights[kinds++] = w;
    n += w;
  }
  if (n === 0) throw new RangeError("no unit was rated by both raters");
  const raw = coder.size;
  const rawRow = new Float64Array(raw);
  const rawCol = new Float64Array(raw);
  for (let i = 0; i < kinds; i++) {
    rawRow[pairs[2 * i]] += pairWeights[i];
    rawCol[pairs[2 * i + 1]] += pairWeights[i];
  }
  // Category positions: declared order, or the sorted categories that occur in complete pairs.
  const kept = coder.order().filter((c) => options.categories !== undefined || rawRow[c] + rawCol[c] > 0);
  const k = kept.length;
  const position = new Int32Array(raw);
  kept.forEach((code, i) => {
    position[code] = i;
  });
  const maxV = weights === "unweighted" ? 1 : weights === "linear" ? Math.max(0, k - 1) : (k - 1) * (k - 1);
  const scale = weights === "unweighted" ? 1 : maxV;
  // Every integer below (observed ≤ n·maxV, the expected sum's terms ≤ n²·max(1, (k − 1)²), twice
  // that in the quadratic form) stays exact in a double: the same integers without BigInt, which
  // costs most of a call in a bootstrap over a few patterns.
  if (2 * n * n * Math.max(1, (k - 1) * (k - 1)) <= Number.MAX_SAFE_INTEGER) {
    let observed = 0;
    for (let p = 0; p < kinds; p++) {
      const d = position[pairs[2 * p]] - position[pairs[2 * p + 1]];
      if (d !== 0) observed += (weights === "unweighted" ? 1 : weights === "linear" ? Math.abs(d) : d * d) * pairWeights[p];
    }
    const rn = new Float64Array(k);
    const cn = new Float64Array(k);
    kept.forEach((code, i) => {
      rn[i] = rawRow[code];
      cn[i] = rawCol[code];
    });
    const expected = expectedDisagreementNumber(rn, cn, n, weights);
    const po = scale === 0 ? 1 : 1 - observed / (n * scale);
    const pe = scale === 0 ? 1 : 1 - expected / (n * n * scale);
    return { kappa: expected === 0 ? 1 : 1 - (n * observed) / expected, po, pe };
  }
  const r = new Array<bigint>(k);
  const c = new Array<bigint>(k);
  kept.forEach((code, i) => {
    r[i] = BigInt(rawRow[code]);
    c[i] = BigInt(rawCol[code]);
  });

  // Observed disagreement Σ_pairs v(i, j), an exact integer (BigInt only if it could pass 2^53).
  let observedV = 0;
  let observedBig = 0n;
  const exactInNumber = maxV * n <= Number.MAX_SAFE_INTEGER;
  for (let p = 0; p < kinds; p++) {
    const d = position[pairs[2 * p]] - position[pairs[2 * p + 1]];
    if (d === 0) continue;
    const w = (weights === "unweighted" ? 1 : weights === "linear" ? Math.abs(d) : d * d) * pairWeights[p];
    if (exactInNumber) observedV += w;
    else observedBig += BigInt(w);
  }
  if (!exactInNumber) observedV = Number(observedBig);
  else observedBig = BigInt(observedV);
  const expectedBig = expectedDisagreement(r, c, BigInt(n), weights);
  const expectedV = Number(expectedBig);

  const po = scale === 0 ? 1 : 1 - observedV / (n * scale);
  const pe = scale === 0 ? 1 : 1 - expectedV / (n * n * scale);
  const kappa = expectedBig === 0n ? 1 : 1 - bigRatio(BigInt(n) * observedBig, expectedBig);
  return { kappa, po, pe };
}

/**
 * Σ_ij v(i, j) r_i c_j in O(k) exact integer arithmetic: unweighted n² − Σ r_i c_i; quadratic
 * n Σ i² r_i + n Σ j² c_j − 2 (Σ i r_i)(Σ j c_j); linear with prefix sums of r_i and i·r_i.
 */
function expectedDisagreement(r: bigint[], c: bigint[], n: bigint, weights: "unweighted" | "linear" | "quadratic"): bigint {
  const k = r.length;
  if (weights === "unweighted") {
    let diagonal = 0n;
    for (let i = 0; i < k; i++) diagonal += r[i] * c[i];
    return n * n - diagonal;
  }
  if (weights === "quadratic") {
    let r2 = 0n;
    let c2 = 0n;
    let r1 = 0n;
    let c1 = 0n;
    for (let i = 0; i < k; i++) {
      const I = BigInt(i);
      r2 += I * I * r[i];
      c2 += I * I * c[i];
      r1 += I * r[i];
      c1 += I * c[i];
    }
    return n * r2 + n * c2 - 2n * r1 * c1;
  }
  // Σ_j c_j [Σ_{i<j} (j − i) r_i + Σ_{i>j} (i − j) r_i]
  let totalR = 0n;
  let totalIR = 0n;
  for (let i = 0; i < k; i++) {
    totalR += r[i];
    totalIR += BigInt(i) * r[i];
  }
  let belowR = 0n;
  let belowIR = 0n;
  let sum = 0n;
  for (let j = 0; j < k; j++) {
    const J = BigInt(j);
    const aboveR = totalR - belowR - r[j];
    const aboveIR = totalIR - belowIR - J * r[j];
    sum += c[j] * (J * belowR - belowIR + aboveIR - J * aboveR);
    belowR += r[j];
    belowIR += J * r[j];
  }
  return sum;
}

/** expectedDisagreement in doubles, for sums the caller knows stay below 2^53 (so exact). */
function expectedDisagreementNumber(r: Float64Array, c: Float64Array, n: number, weights: "unweighted" | "linear" | "quadratic"): number {
  const k = r.length;
  if (weights === "unweighted") {
    let diagonal = 0;
    for (let i = 0; i < k; i++) diagonal += r[i] * c[i];
    return n * n - diagonal;
  }
  if (weights === "quadratic") {
    let r2 = 0;
    let c2 = 0;
    let r1 = 0;
    let c1 = 0;
    for (let i = 0; i < k; i++) {
      r2 += i * i * r[i];
      c2 += i * i * c[i];
      r1 += i * r[i];
      c1 += i * c[i];
    }
    return n * r2 + n * c2 - 2 * r1 * c1;
  }
  let totalR = 0;
  let totalIR = 0;
  for (let i = 0; i < k; i++) {
    totalR += r[i];
    totalIR += i * r[i];
  }
  let belowR = 0;
  let belowIR = 0;
  let sum = 0;
  for (let j = 0; j < k; j++) {
    const aboveR = totalR - belowR - r[j];
    const aboveIR = totalIR - belowIR - j * r[j];
    sum += c[j] * (j * belowR - belowIR + aboveIR - j * aboveR);
    belowR += r[j];
    belowIR += j * r[j];
  }
  return sum;
}

const BIG_RATIO_EXACT = 1n << 999n;

/** Nearest double to num/den for big integers (both converted with one rounding each). */
function bigRatio(num: bigint, den: bigint): number {
  // Below 2^999 the shift is 0: skip measuring den's bits (a string per call).
  if (den < BIG_RATIO_EXACT && den > -BIG_RATIO_EXACT) return Number(num) / Number(den);
  const shift = BigInt(Math.max(0, den.toString(2).length - 1000));
  return Number(num >> shift) / Number(den >> shift);
}

// ---------------------------------------------------------------------------------------------
// Fleiss' kappa

export interface FleissResult extends KappaResult {
  perCategory: { category: string | number; kappa: number }[];
}

/**
 * Fleiss' kappa for m raters per subject (Fleiss 1971, Psychological Bulletin 76:378–382):
 *
 *   p_j = Σ_i n_ij/(N m),  P_i = (Σ_j n_ij² − m)/(m(m − 1)),  P̄ = mean P_i,  P̄_e = Σ_j p_j²
 *   κ = (P̄ − P̄_e)/(1 − P̄_e)
 *   κ_j = 1 − Σ_i n_ij (m − n_ij) / (N m (m − 1) p_j q_j)        (per category, eq. 10)
 *
 * `ratings` is subjects × raters, every row the same length m ≥ 2. As in irr::kappam.fleiss, a
 * subject with any missing rating is dropped (Fleiss' κ needs the same m for every subject).
 * Categories default to the sorted distinct ratings of the complete subjects. Degenerate cases: if P̄_e = 1 (every rating in
 * one category) κ = 1; a category nobody used, or that every rating used, has p_j q_j = 0 and zero
 * disagreement, and its κ_j is defined as 1 (no disagreement about it) rather than 0/0.
 */
export function fleissKappa(ratings: Rating[][], options: { categories?: (string | number)[]; weights?: UnitWeights } = {}): FleissResult {
  return prepareFleissKappa(ratings, { categories: options.categories })(options.weights);
}

/** fleissKappa with the ratings coded once, for many weightings of the same subjects (see prepareKrippendorffAlpha). */
export function prepareFleissKappa(ratings: Rating[][], options: { categories?: (string | number)[] } = {}): (weights?: UnitWeights) => FleissResult {
  const { codes, rows, cols: m, coder } = codeMatrix(ratings, options.categories, { rows: "subject", cols: "ratings" });
  if (m < 2) throw new RangeError("Fleiss' kappa needs at least two ratings per subject");
  const order = coder.order();
  return (weights) => {
    checkWeights(weights, rows);
    const q = coder.size;
    // Per category: T_j = Σ_i n_ij and E_j = Σ_i C(n_ij, 2) (equal pairs), so that
    // Σ_i n_ij² = T_j + 2E_j and Σ_i n_ij (m − n_ij) = (m − 1)T_j − 2E_j.
    const totals = new Float64Array(q);
    const pairs = new Float64Array(q);
    const counts = new Int32Array(q);
    let subjects = 0;
    outer: for (let i = 0; i < rows; i++) {
      const base = i * m;
      const w = weights ? weights[i] : 1;
      if (w === 0) continue;
      for (let r = 0; r < m; r++) if (codes[base + r] < 0) continue outer;
      subjects += w;
      for (let r = 0; r < m; r++) totals[codes[base + r]] += w;
      if (m <= 16) {
        for (let r = 0; r < m; r++) {
          const a = codes[base + r];
          for (let t = r + 1; t < m; t++) if (codes[base + t] === a) pairs[a] += w;
        }
      } else {
        for (let r = 0; r < m; r++) pairs[codes[base + r]] += w * counts[codes[base + r]]++;
        for (let r = 0; r < m; r++) counts[codes[base + r]] = 0;
      }
    }
    let sumSquares = 0; // Σ_i Σ_j n_ij²
    const disagreement = new Float64Array(q); // Σ_i n_ij (m − n_ij)
    for (let j = 0; j < q; j++) {
      sumSquares += totals[j] + 2 * pairs[j];
      disagreement[j] = (m - 1) * totals[j] - 2 * pairs[j];
    }
    if (subjects === 0) throw new RangeError("no subject has a complete set of ratings");
    const total = subjects * m; // N m
    let sumTotalsSq = 0;
    for (let j = 0; j < q; j++) sumTotalsSq += totals[j] * totals[j];
    const po = (sumSquares - total) / (total * (m - 1));
    const pe = sumTotalsSq / (total * total);

    // κ = (A·M² − T2·B) / (B·(M² − T2)) with A = Σn² − M, B = M(m − 1), M = N m, T2 = Σ T_j².
    const A = BigInt(sumSquares - total);
    const B = BigInt(total) * BigInt(m - 1);
    const M2 = BigInt(total) * BigInt(total);
    const T2 = BigInt(sumTotalsSq);
    const kappa = M2 === T2 ? 1 : bigRatio(A * M2 - T2 * B, B * (M2 - T2));
    // Report in category order; undeclared categories seen only in dropped subjects are left out
    // (irr takes the levels after na.omit).
    const reported = order.filter((j) => options.categories !== undefined || totals[j] > 0);
    const perCategory = reported.map((j) => {
      const category = coder.values[j];
      const denominator = (m - 1) * totals[j] * (total - totals[j]); // = N m (m−1) p_j q_j · N m
      if (denominator === 0) return { category, kappa: 1 };
      const numerator = disagreement[j] * total;
      const value =
        safeInt(numerator) && safeInt(denominator)
          ? 1 - numerator / denominator
          : 1 - bigRatio(BigInt(disagreement[j]) * BigInt(total), BigInt(m - 1) * BigInt(totals[j]) * BigInt(total - totals[j]));
      return { category, kappa: value };
    });
    return { kappa, po, pe, perCategory };
  };
}

// ---------------------------------------------------------------------------------------------
// Percent agreement

export interface PercentAgreementResult {
  allRatersAgree: number;
  subjectsUsed: number;
  pairwise: number;
}

/**
 * Raw percent agreement (e.g. irr::agree; Gwet 2014, Handbook of Inter-Rater Reliability, ch. 2).
 *
 *   allRatersAgree = #{complete subjects whose ratings all agree} / subjectsUsed
 *   pairwise       = mean over subjects with r_i ≥ 2 ratings of #{agreeing pairs}/C(r_i, 2)
 *
 * Two ratings agree if they are equal, or, for two numbers, if |a − b| ≤ tolerance (so "all agree"
 * for numbers is max − min ≤ tolerance). `subjectsUsed` counts the subjects with no missing rating
 * (the denominator of allRatersAgree). `ratings` is subjects × raters, every row the same length
 * ≥ 2. RangeError if no subject is complete (allRatersAgree would be 0/0).
 */
export function percentAgreement(ratings: Rating[][], options: { tolerance?: number; weights?: UnitWeights } = {}): PercentAgreementResult {
  const tolerance = options.tolerance ?? 0;
  if (typeof tolerance !== "number" || !(tolerance >= 0) || !Number.isFinite(tolerance)) {
    throw new RangeError(`tolerance must be a finite number ≥ 0 (got ${String(tolerance)})`);
  }
  if (!Array.isArray(ratings) || ratings.length === 0) throw new RangeError("ratings must contain at least one subject");
  const width = ratings[0]?.length ?? 0;
  if (width < 2) throw new RangeError("percent agreement needs at least two raters");
  const weights = options.weights;
  checkWeights(weights, ratings.length);
  const present: (string | number)[] = new Array(width);
  const agreeingPairsByR = new Float64Array(width + 1); // Σ agreeing pairs over subjects with r ratings
  const subjectsByR = new Float64Array(width + 1);
  let subjectsUsed = 0;
  let allAgree = 0;
  for (let i = 0; i < ratings.length; i++) {
    const row = ratings[i];
    if (!Array.isArray(row) || row.length !== width) {
      throw new RangeError(`every subject must have the same number of ratings (subject 0 has ${width}, subject ${i} has ${Array.isArray(row) ? row.length : "none"})`);
    }
    let r = 0;
    for (let j = 0; j < width; j++) {
      const value = row[j];
      if (value === null || value === undefined) continue;
      // v − v === 0 is the finite-number test without a call
      if (typeof value !== "string" && !(typeof value === "number" && value - value === 0)) checkCategory(value);
      present[r++] = value;
    }
    const w = weights ? weights[i] : 1;
    if (r < 2 || w === 0) continue;
    const agreeing = countAgreeingPairs(present, r, tolerance);
    agreeingPairsByR[r] += w * agreeing;
    subjectsByR[r] += w;
    if (r === width) {
      subjectsUsed += w;
      // All pairs agree ⇔ all equal (exact) or max − min ≤ tolerance (numbers).
      if (tolerance === 0 ? agreeing === (r * (r - 1)) / 2 : allWithinTolerance(present, r, tolerance)) allAgree += w;
    }
  }
  if (subjectsUsed === 0) throw new RangeError("no subject has ratings from every rater, so allRatersAgree is undefined");
  let pairSubjects = 0;
  let pairShareSum = 0;
  for (let r = 2; r <= width; r++) {
    if (subjectsByR[r] === 0) continue;
    pairSubjects += subjectsByR[r];
    pairShareSum += agreeingPairsByR[r] / ((r * (r - 1)) / 2);
  }
  return { allRatersAgree: allAgree / subjectsUsed, subjectsUsed, pairwise: pairShareSum / pairSubjects };
}

function agrees(a: string | number, b: string | number, tolerance: number): boolean {
  if (a === b) return true;
  return tolerance > 0 && typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= tolerance;
}

function allWithinTolerance(values: (string | number)[], r: number, tolerance: number): boolean {
  const first = values[0];
  if (typeof first !== "number") {
    for (let i = 1; i < r; i++) if (values[i] !== first) return false;
    return true;
  }
  let min = first;
  let max = first;
  for (let i = 1; i < r; i++) {
    const v = values[i];
    if (typeof v !== "number") return false;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return max - min <= tolerance;
}

function countAgreeingPairs(values: (string | number)[], r: number, tolerance: number): number {
  if (r <= 16) {
    let agreeing = 0;
    if (tolerance === 0) {
      for (let i = 0; i < r; i++) for (let j = i + 1; j < r; j++) if (values[i] === values[j]) agreeing++;
    } else {
      for (let i = 0; i < r; i++) for (let j = i + 1; j < r; j++) if (agrees(values[i], values[j], tolerance)) agreeing++;
    }
    return agreeing;
  }
  // Many raters: strings pair up within equal groups; numbers by a sorted two-pointer sweep.
  const strings: string[] = [];
  const numbers: number[] = [];
  for (let i = 0; i < r; i++) {
    const v = values[i];
    if (typeof v === "number") numbers.push(v);
    else strings.push(v);
  }
  let agreeing = 0;
  strings.sort();
  for (let i = 0; i < strings.length; ) {
    let j = i;
    while (j < strings.length && strings[j] === strings[i]) j++;
    agreeing += ((j - i) * (j - i - 1)) / 2;
    i = j;
  }
  numbers.sort((a, b) => a - b);
  for (let i = 0, lo = 0; i < numbers.length; i++) {
    while (numbers[i] - numbers[lo] > tolerance) lo++;
    agreeing += i - lo;
  }
  return agreeing;
}

// ---------------------------------------------------------------------------------------------
// Gwet's AC1

export interface AC1Result {
  ac1: number;
  pa: number;
  pe: number;
}

/**
 * Gwet's AC1 for any number of raters with missing ratings (Gwet 2008, Br J Math Stat Psychol
 * 61:29–48; Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed., ch. 4; irrCAC::gwet.ac1.raw):
 *
 *   p_a = (1/n') Σ_{i: r_i ≥ 2} Σ_k r_ik (r_ik − 1) / (r_i (r_i − 1))
 *   π_k = (1/n) Σ_{i: r_i ≥ 1} r_ik / r_i
 *   p_e = Σ_k π_k (1 − π_k) / (q − 1),   AC1 = (p_a − p_e)/(1 − p_e)
 *
 * n' = subjects with at least two ratings, n = subjects with at least one (subjects nobody rated are
 * excluded, as Gwet prescribes). q is the number of declared categories (default: distinct ratings
 * seen); q < 2 is a RangeError because p_e divides by q − 1 — declare the rubric's categories to
 * get AC1 = 1 for unanimous data. p_e ≤ 1/q < 1, so AC1 is always defined otherwise.
 */
export function gwetAC1(ratings: Rating[][], options: { categories?: (string | number)[]; weights?: UnitWeights } = {}): AC1Result {
  return prepareGwetAC1(ratings, { categories: options.categories })(options.weights);
}

/** gwetAC1 with the ratings coded once, for many weightings of the same subjects (see prepareKrippendorffAlpha). */
export function prepareGwetAC1(ratings: Rating[][], options: { categories?: (string | number)[] } = {}): (weights?: UnitWeights) => AC1Result {
  const { codes, rows, cols: width, coder } = codeMatrix(ratings, options.categories, { rows: "subject", cols: "ratings" });
  return (weights) => {
    checkWeights(weights, rows);
    const size = coder.size;
    // Undeclared categories are the distinct ratings seen: with weights, those of the units that count.
    const q = coder.declared || !weights ? size : usedCategories(codes, width, weights, size);
    if (q < 2) throw new RangeError(`Gwet's AC1 needs at least 2 categories (got ${q}); pass the rubric's categories`);
    // Sums grouped by r_i so each division by r_i happens once per group (exact integer sums).
    const agreeByR = new Float64Array(width + 1); // Σ_{i: r_i = r} Σ_k r_ik (r_ik − 1)
    const subjectsByR = new Float64Array(width + 1);
    const countsByR = new Float64Array((width + 1) * size); // Σ_{i: r_i = r} r_ik
    const counts = new Int32Array(size);
    const present = new Int32Array(width);
    for (let i = 0; i < rows; i++) {
      const base = i * width;
      let r = 0;
      for (let j = 0; j < width; j++) {
        const c = codes[base + j];
        if (c >= 0) present[r++] = c;
      }
      const w = weights ? weights[i] : 1;
      if (r === 0 || w === 0) continue;
      subjectsByR[r] += w;
      const offset = r * size;
      for (let j = 0; j < r; j++) countsByR[offset + present[j]] += w;
      // Σ_k r_ik (r_ik − 1) = 2 · #{equal pairs}
      if (r >= 2) agreeByR[r] += 2 * w * equalPairs(present, r, counts);
    }
    let n = 0;
    let n2 = 0;
    let paSum = 0;
    for (let r = 1; r <= width; r++) {
      n += subjectsByR[r];
      if (r >= 2 && subjectsByR[r] > 0) {
        n2 += subjectsByR[r];
        paSum += agreeByR[r] / (r * (r - 1));
      }
    }
    if (n2 === 0) throw new RangeError("no subject has at least two ratings");
    const pa = paSum / n2;
    let sumPiQi = 0;
    for (let k = 0; k < size; k++) {
      let s = 0;
      for (let r = 1; r <= width; r++) if (countsByR[r * size + k] !== 0) s += countsByR[r * size + k] / r;
      const pi = s / n;
      sumPiQi += pi * (1 - pi);
    }
    const pe = sumPiQi / (q - 1);
    return { ac1: (pa - pe) / (1 - pe), pa, pe };
  };
}

/** Distinct codes among the units with a positive weight. */
function usedCategories(codes: Int32Array, width: number, weights: UnitWeights, size: number): number {
  const seen = new Uint8Array(size);
  let used = 0;
  for (let i = 0; i < weights.length; i++) {
    if (weights[i] === 0) continue;
    for (let j = 0; j < width; j++) {
      const c = codes[i * width + j];
      if (c >= 0 && !seen[c]) {
        seen[c] = 1;
        used++;
      }
    }
  }
  return used;
}
