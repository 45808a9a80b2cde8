// Benchmark: the five agreement statistics for one rubric dimension on 100,000 units × 3 raters.
// Run: npx tsx scripts/bench/agreement.ts [units] [raters]   (non-numeric arguments are ignored,
// so a runner may pass the bench name through). Prints a table, then exactly one JSON line with the
// figures as the last line of stdout.
import { performance } from "node:perf_hooks";
import { cohenKappa, fleissKappa, gwetAC1, krippendorffAlpha, percentAgreement, type Rating } from "@/lib/stats/agreement";
import { mulberry32, transpose } from "@/lib/stats/bootstrap";

const numericArgs = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const UNITS = numericArgs[0] ?? 100_000;
const RATERS = numericArgs[1] ?? 3;
const CATEGORIES = ["pass", "minor", "major", "critical", "n/a"];
const RUNS = 9;

// Realistic data: each unit has a "true" label that each rater reports with probability 0.7, a
// random label otherwise; 2 % of ratings are missing. The matrix goes through a JSON round trip so
// it has the memory layout of ratings received from the API or database (exact-size arrays, parsed
// strings) rather than of arrays grown by push().
const random = mulberry32(20240601);
const generated: Rating[][] = [];
for (let u = 0; u < UNITS; u++) {
  const truth = CATEGORIES[Math.floor(random() * CATEGORIES.length)];
  const row: Rating[] = [];
  for (let r = 0; r < RATERS; r++) {
    if (random() < 0.02) row.push(null);
    else row.push(random() < 0.7 ? truth : CATEGORIES[Math.floor(random() * CATEGORIES.length)]);
  }
  generated.push(row);
}
const subjects: Rating[][] = JSON.parse(JSON.stringify(generated));
// The API's input layouts, built once outside the timings: coders × units for α, two columns for κ.
const codersByUnits: Rating[][] = JSON.parse(JSON.stringify(transpose(subjects)));
const rater1 = codersByUnits[0];
const rater2 = codersByUnits[1];

const stats: Record<string, () => unknown> = {
  krippendorffAlphaNominal: () => krippendorffAlpha(codersByUnits, "nominal"),
  cohenKappa: () => cohenKappa(rater1, rater2),
  fleissKappa: () => fleissKappa(subjects, { categories: CATEGORIES }),
  percentAgreement: () => percentAgreement(subjects),
  gwetAC1: () => gwetAC1(subjects, { categories: CATEGORIES }),
};

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Warm up once (JIT), then time each statistic and the five together RUNS times.
for (const run of Object.values(stats)) run();
const perStat: Record<string, number[]> = Object.fromEntries(Object.keys(stats).map((k) => [k, []]));
const totals: number[] = [];
const results: Record<string, unknown> = {};
for (let i = 0; i < RUNS; i++) {
  const start = performance.now();
  for (const [name, run] of Object.entries(stats)) {
    const t0 = performance.now();
    results[name] = run();
    perStat[name].push(performance.now() - t0);
  }
  totals.push(performance.now() - start);
}

const round = (x: number) => Math.round(x * 100) / 100;
const perStatMs = Object.fromEntries(Object.entries(perStat).map(([k, v]) => [k, round(median(v))]));
console.log(`agreement statistics, ${UNITS} units × ${RATERS} raters, ${CATEGORIES.length} categories (median of ${RUNS} runs)`);
for (const [name, ms] of Object.entries(perStatMs)) console.log(`  ${name.padEnd(26)} ${ms.toFixed(2).padStart(8)} ms`);
console.log(`  ${"total (all five)".padEnd(26)} ${median(totals).toFixed(2).padStart(8)} ms   (target < 100 ms)`);
console.log(
  JSON.stringify({ bench: "agreement", units: UNITS, raters: RATERS, categories: CATEGORIES.length, runs: RUNS, totalMs: round(median(totals)), perStatMs }),
);
