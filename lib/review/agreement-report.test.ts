import { describe, expect, it } from "vitest";
import { cohenKappa, fleissKappa, gwetAC1, krippendorffAlpha, percentAgreement } from "@/lib/stats/agreement";
import { mulberry32, transpose } from "@/lib/stats/bootstrap";
import { alphaBand, codeValue, dimensionAgreement, goldPairs, overlapSizing, reviewerDrift, reviewerQuality, type ItemLabels } from "./agreement-report";
import { defaultRubric, type Dimension } from "./rubric";

const dims = defaultRubric().dimensions;
const dim = (key: string) => dims.find((d) => d.key === key)!;
const FACT = ["correct", "minor_error", "major_error"];

/** 60 items, each labelled by two of three reviewers; b is a little noisier on factuality. */
function items(): ItemLabels[] {
  const rng = mulberry32(7);
  const reviewers = ["a", "b", "c"];
  return Array.from({ length: 60 }, (_, i) => {
    const truth = FACT[Math.floor(rng() * 3)];
    const pair = [reviewers[i % 3], reviewers[(i + 1) % 3]];
    return {
      sampledItemId: `item${i}`,
      labels: pair.map((r) => ({
        reviewerId: r,
        values: { factuality: rng() < (r === "b" ? 0.6 : 0.85) ? truth : FACT[Math.floor(rng() * 3)], tone: 3 + Math.floor(rng() * 3), policy: "compliant" },
        timeSpentMs: 30_000 + i * 100,
      })),
      gold: { values: { factuality: truth, tone: 4, policy: "compliant" }, source: "adjudication" },
    };
  });
}

describe("dimensionAgreement", () => {
  it("equals lib/stats on the same ratings, at the dimension's level", () => {
    const data = items();
    const report = dimensionAgreement(dim("factuality"), data, { replicates: 200 });
    const rows = data.map((item) => item.labels.map((l) => FACT.indexOf(l.values.factuality as string)));
    expect(report.level).toBe("ordinal");
    expect(report.items).toBe(60);
    expect(report.alpha!.estimate).toBeCloseTo(krippendorffAlpha(transpose(rows), "ordinal"), 12);
    expect(report.percentAll!.estimate).toBeCloseTo(percentAgreement(rows).allRatersAgree, 12);
    expect(report.percentPairwise!.estimate).toBeCloseTo(percentAgreement(rows).pairwise, 12);
    expect(report.fleiss!.estimate).toBeCloseTo(fleissKappa(rows, { categories: [0, 1, 2] }).kappa, 12);
    expect(report.ac1!.estimate).toBeCloseTo(gwetAC1(rows, { categories: [0, 1, 2] }).ac1, 12);
    expect(report.alphaBand).toBe(alphaBand(report.alpha!.estimate));
    for (const s of [report.alpha!, report.ac1!, report.percentAll!]) {
      expect(s.lower).toBeLessThanOrEqual(s.estimate);
      expect(s.upper).toBeGreaterThanOrEqual(s.estimate);
    }
    // Each pair shares 20 items: enough for a weighted kappa.
    const ab = report.pairs.find((p) => p.reviewerA === "a" && p.reviewerB === "b")!;
    const shared = data.filter((d) => d.labels.some((l) => l.reviewerId === "a") && d.labels.some((l) => l.reviewerId === "b"));
    const ra = shared.map((d) => FACT.indexOf(d.labels.find((l) => l.reviewerId === "a")!.values.factuality as string));
    const rb = shared.map((d) => FACT.indexOf(d.labels.find((l) => l.reviewerId === "b")!.values.factuality as string));
    expect(ab).toMatchObject({ shared: 20, weights: "linear" });
    expect(ab.kappa!.estimate).toBeCloseTo(cohenKappa(ra, rb, { weights: "linear", categories: [0, 1, 2] }).kappa, 12);
  });

  it("is reproducible for a seed, and says when there are too few items", () => {
    const data = items();
    expect(dimensionAgreement(dim("tone"), data, { replicates: 100, seed: 3 })).toEqual(dimensionAgreement(dim("tone"), data, { replicates: 100, seed: 3 }));
    const few = dimensionAgreement(dim("tone"), data.slice(0, 9), { replicates: 50 });
    expect(few).toMatchObject({ items: 9, tooFew: true });
    expect(few.pairs.every((p) => p.kappa === null)).toBe(true);
  });

  it("leaves an ordinal's unordered options out of its order, and bands alpha as Krippendorff does", () => {
    expect(codeValue(dim("factuality"), "not_verifiable")).toBeNull();
    expect(codeValue(dim("factuality"), "major_error")).toBe(2);
    expect(codeValue({ ...dim("factuality"), level: "nominal" } as Dimension, "not_verifiable")).toBe("not_verifiable");
    expect([alphaBand(0.85), alphaBand(0.7), alphaBand(0.5)]).toEqual(["reliable", "tentative", "unreliable"]);
  });

  it("sizes overlap by 1/sqrt(n)", () => {
    const s = overlapSizing({ estimate: 0.7, lower: 0.58, upper: 0.82, n: 40 }, 0.15, 0.3);
    expect(s.halfWidth).toBeCloseTo(0.12, 12);
    expect(s.otherItems).toBe(80);
    expect(s.otherHalfWidth).toBeCloseTo(0.12 / Math.SQRT2, 12);
  });
});

describe("reviewerQuality", () => {
  it("compares each reviewer with gold, excluding gold that is their own single label", () => {
    const data = items();
    const solo: ItemLabels = { sampledItemId: "solo", labels: [{ reviewerId: "a", values: { factuality: "major_error", tone: 4, policy: "compliant" }, timeSpentMs: 1000 }], gold: { values: { factuality: "major_error", tone: 4, policy: "compliant" }, source: "consensus" } };
    const quality = reviewerQuality(dims, [...data, solo], { replicates: 100 });
    const a = quality.find((q) => q.reviewerId === "a")!;
    expect(a.labels).toBe(41);
    const fact = a.dimensions.find((d) => d.key === "factuality")!;
    // The solo item is labelled but not compared.
    expect(fact.compared).toBe(40);
    const mine = data.flatMap((d) => d.labels.filter((l) => l.reviewerId === "a").map((l) => [l.values.factuality, d.gold!.values.factuality]));
    expect(fact.matches).toBe(mine.filter(([x, g]) => x === g).length);
    expect(fact.matchShare!.lower).toBeLessThan(fact.matchShare!.estimate);
    expect(fact.confusion!.correct).toBeDefined();
    const b = quality.find((q) => q.reviewerId === "b")!.dimensions.find((d) => d.key === "factuality")!;
    expect(b.kappa!.estimate).toBeLessThan(fact.kappa!.estimate);
  });

  it("counts reviewer × gold in a confusion matrix in the rubric's order, the diagonal being the matches", () => {
    const data = items();
    const a = reviewerQuality(dims, data, { replicates: 50 }).find((q) => q.reviewerId === "a")!.dimensions.find((d) => d.key === "factuality")!;
    const cells = Object.values(a.confusion!).flatMap((row) => Object.values(row));
    expect(cells.reduce((x, y) => x + y, 0)).toBe(a.compared);
    expect(FACT.reduce((sum, v) => sum + (a.confusion![v]?.[v] ?? 0), 0)).toBe(a.matches);
    const factuality = dim("factuality");
    expect(a.confusionValues!.map((v) => v.value)).toEqual(factuality.kind === "ordinal" ? factuality.options.map((o) => o.value) : null);
    // Scales have no confusion matrix.
    expect(reviewerQuality(dims, data, { replicates: 50 })[0].dimensions.find((d) => d.key === "tone")!.confusion).toBeNull();
  });

  it("flags a reviewer whose kappa interval lies below the team's median, and nobody on a team that agrees", () => {
    const rng = mulberry32(3);
    const team = ["a", "b", "c", "d", "e"];
    const data: ItemLabels[] = Array.from({ length: 150 }, (_, i) => {
      const truth = FACT[Math.floor(rng() * 3)];
      return {
        sampledItemId: `i${i}`,
        labels: team.map((r) => ({ reviewerId: r, values: { factuality: r === "e" && rng() < 0.6 ? FACT[Math.floor(rng() * 3)] : rng() < 0.95 ? truth : FACT[Math.floor(rng() * 3)] }, timeSpentMs: 10_000 })),
        gold: { values: { factuality: truth }, source: "adjudication" },
      };
    });
    const quality = reviewerQuality(dims, data, { replicates: 200 });
    expect(quality.filter((q) => q.flagged.includes("factuality")).map((q) => q.reviewerId)).toEqual(["e"]);
    const careful = data.map((d) => ({ ...d, labels: d.labels.filter((l) => l.reviewerId !== "e") }));
    expect(reviewerQuality(dims, careful, { replicates: 200 }).flatMap((q) => q.flagged)).toEqual([]);
  });
});

describe("reviewerDrift", () => {
  it("gives each reviewer's share matching gold per week, pooled over dimensions, with Wilson intervals", () => {
    const week = (w: number, wrong: number): ItemLabels[] =>
      Array.from({ length: 10 }, (_, i) => ({
        sampledItemId: `w${w}-${i}`,
        labels: [{ reviewerId: "a", values: { factuality: i < wrong ? "major_error" : "correct", policy: "compliant" }, timeSpentMs: 1 }, { reviewerId: "b", values: { factuality: "correct", policy: "compliant" }, timeSpentMs: 1 }],
        gold: { values: { factuality: "correct", policy: "compliant" }, source: "adjudication" },
      }));
    const drift = reviewerDrift(dims, [0, 2, 5].map((wrong, w) => ({ auditId: `audit${w}`, week: `2026-W0${w + 1}`, pairs: goldPairs(dims, week(w, wrong)) })));
    const a = drift.get("a")!;
    expect(a.map((p) => p.compared)).toEqual([20, 20, 20]);
    expect(a.map((p) => p.share!.estimate)).toEqual([1, 18 / 20, 15 / 20]);
    expect(a[2].share!.lower).toBeLessThan(0.75);
    expect(drift.get("b")!.every((p) => p.share!.estimate === 1)).toBe(true);
  });
});
