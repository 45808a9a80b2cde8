import { describe, expect, it } from "vitest";
import { defaultRubric, type Dimension } from "@/lib/review/rubric";
import { judgeVerdict, validateJudgeMappings, type JudgeMapping } from "./mapping";
import { FAILURE, NOT_FAILURE, judgeVersusGold, rocAuc, thresholdMatchingRate } from "./versus-gold";

const dimensions = defaultRubric().dimensions;
const factuality = dimensions.find((d) => d.key === "factuality") as Dimension;
const numeric: JudgeMapping = { signal: "judge", dimension: "factuality", kind: "numeric", threshold: 0.5, failureWhen: "below" };

/** A constructed 2×2 table judge × gold: [[8, 2], [4, 36]] (judge failure first). */
function constructedItems() {
  const items: { signals: unknown; gold: Record<string, string> }[] = [];
  const add = (count: number, score: number, gold: string) => {
    for (let i = 0; i < count; i++) items.push({ signals: [{ name: "judge", value: score }], gold: { factuality: gold } });
  };
  add(8, 0.2, "major_error");
  add(2, 0.3, "correct");
  add(4, 0.7, "minor_error");
  add(36, 0.9, "correct");
  return items;
}

describe("judge mapping", () => {
  it("turns a numeric score into a failure verdict by the threshold and direction", () => {
    expect(judgeVerdict(numeric, factuality, [{ name: "judge", value: 0.49 }])).toEqual({ failure: true, option: null, score: 0.49 });
    expect(judgeVerdict(numeric, factuality, [{ name: "judge", value: 0.5 }])?.failure).toBe(false);
    expect(judgeVerdict({ ...numeric, failureWhen: "above" }, factuality, [{ name: "judge", value: 0.6 }])?.failure).toBe(true);
    expect(judgeVerdict(numeric, factuality, [{ name: "other", value: 0.1 }])).toBeNull();
    expect(judgeVerdict(numeric, factuality, null)).toBeNull();
  });

  it("maps a categorical signal's values to options and reads failure from the rubric's flags", () => {
    const m: JudgeMapping = { signal: "verdict", dimension: "factuality", kind: "categorical", values: { ok: "correct", wrong: "major_error" } };
    expect(judgeVerdict(m, factuality, [{ name: "verdict", value: "wrong" }])).toEqual({ failure: true, option: "major_error", score: null });
    expect(judgeVerdict(m, factuality, [{ name: "verdict", value: "ok" }])?.failure).toBe(false);
    expect(judgeVerdict(m, factuality, [{ name: "verdict", value: "unsure" }])).toBeNull();
  });

  it("names the field of every invalid entry", () => {
    const r = validateJudgeMappings(
      [
        { signal: "judge", dimension: "nope", kind: "numeric", threshold: 0.5, failureWhen: "below" },
        { signal: "judge", dimension: "factuality", kind: "numeric", threshold: 3, failureWhen: "below" },
        { signal: "v", dimension: "policy", kind: "categorical", values: { bad: "not_an_option" } },
        { signal: "bad name!", dimension: "tone", kind: "numeric", threshold: 0.5, failureWhen: "below" },
      ],
      dimensions,
    );
    expect(r.ok).toBe(false);
    const fields = r.ok ? [] : r.issues.map((i) => i.field);
    expect(fields).toEqual(expect.arrayContaining(["mappings.0.dimension", "mappings.1.threshold", "mappings.2.values.bad", "mappings.3.signal"]));
    expect(validateJudgeMappings([numeric], dimensions)).toEqual({ ok: true, mappings: [numeric] });
    const twice = validateJudgeMappings([numeric, { ...numeric, signal: "other" }], dimensions);
    expect(twice.ok ? [] : twice.issues.map((i) => i.field)).toEqual(["mappings.1.dimension"]);
  });
});

describe("judge versus gold", () => {
  it("yields the hand-computed κ, agreement and confusion matrix on a constructed set", () => {
    const r = judgeVersusGold(numeric, factuality, constructedItems(), { replicates: 200 });
    expect(r.categories).toEqual([FAILURE, NOT_FAILURE]);
    expect(r.confusion).toEqual([[8, 2], [4, 36]]);
    expect(r.items).toBe(50);
    expect(r.percent!.estimate).toBeCloseTo(44 / 50, 12);
    // po = 0.88, pe = 0.2·0.24 + 0.8·0.76 = 0.656, κ = 0.224/0.344.
    expect(r.kappa!.estimate).toBeCloseTo(0.224 / 0.344, 12);
    expect(r.kappa!.lower).toBeLessThan(r.kappa!.estimate);
    expect(r.kappa!.upper).toBeGreaterThan(r.kappa!.estimate);
    // AC1: pe = 2·π(1 − π) with π = mean failure share (0.2 + 0.24)/2 = 0.22.
    const pe = 2 * 0.22 * 0.78;
    expect(r.ac1!.estimate).toBeCloseTo((0.88 - pe) / (1 - pe), 12);
    expect(r.judgeFailureRate).toBeCloseTo(0.2, 12);
    expect(r.goldFailureRate).toBeCloseTo(0.24, 12);
    // φ = (n·ab − a·b)/√(a(n − a)b(n − b)) with a = 10, b = 12, ab = 8.
    expect(r.correlation).toBeCloseTo((50 * 8 - 10 * 12) / Math.sqrt(10 * 40 * 12 * 38), 12);
    // Scores: failures 8×0.2, 4×0.7; passes 2×0.3, 36×0.9 (low = failing). P(fail score < pass score) = (8·38 + 4·36)/(12·38).
    expect(r.roc!.auc!.estimate).toBeCloseTo((8 * 38 + 4 * 36) / (12 * 38), 12);
    // Humans find 24 % failing; flagging below 0.8 flags 14 of 50 = 28 %, below 0.5 10 = 20 %: 28 % and 20 % are equally near, the first found wins.
    expect([0.25, 0.5, 0.8]).toContain(r.roc!.bestThreshold);
  });

  it("counts gold items without the signal apart", () => {
    const items = [...constructedItems(), { signals: [], gold: { factuality: "correct" } }, { signals: [{ name: "judge", value: 0.1 }], gold: {} }];
    const r = judgeVersusGold(numeric, factuality, items, { replicates: 50 });
    expect(r.items).toBe(50);
    expect(r.withoutSignal).toBe(1);
  });

  it("ROC AUC counts ties as one half and the matching threshold meets the target rate", () => {
    expect(rocAuc([{ s: 1, failure: true }, { s: 1, failure: false }])).toBe(0.5);
    expect(rocAuc([{ s: 2, failure: true }, { s: 1, failure: false }])).toBe(1);
    expect(() => rocAuc([{ s: 2, failure: true }])).toThrow(RangeError);
    expect(thresholdMatchingRate([0.1, 0.2, 0.3, 0.9], "below", 0.5)).toEqual({ threshold: 0.25, rate: 0.5 });
  });
});
