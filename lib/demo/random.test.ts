import { describe, expect, it } from "vitest";
import { Rng, Weighted, hashSeed } from "@/lib/demo/random";
import { usd } from "@/lib/demo/customers";

describe("Rng", () => {
  it("repeats its sequence for the same seed and differs for another", () => {
    const a = new Rng(42);
    const b = new Rng(42);
    const c = new Rng(43);
    const seqA = Array.from({ length: 20 }, () => a.next());
    expect(Array.from({ length: 20 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 20 }, () => c.next())).not.toEqual(seqA);
  });

  it("stays in range and is roughly uniform", () => {
    const rng = new Rng(1);
    const buckets = new Array(10).fill(0);
    let outOfRange = 0;
    for (let i = 0; i < 100_000; i++) {
      const value = rng.next();
      if (!(value >= 0 && value < 1)) outOfRange++;
      buckets[Math.floor(value * 10)]++;
    }
    expect(outOfRange).toBe(0);
    for (const count of buckets) expect(Math.abs(count - 10_000)).toBeLessThan(500);
    for (let i = 0; i < 1000; i++) {
      const n = rng.int(3, 7);
      expect(n >= 3 && n <= 7 && Number.isInteger(n)).toBe(true);
    }
  });

  it("draws standard normals and log-normals around their median", () => {
    const rng = new Rng(5);
    const values = Array.from({ length: 50_000 }, () => rng.normal());
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    const logs = Array.from({ length: 20_001 }, () => rng.logNormal(300, 0.5)).sort((a, b) => a - b);
    expect(Math.abs(logs[10_000] - 300)).toBeLessThan(10);
  });
});

describe("Weighted", () => {
  it("samples in proportion to the weights and ignores zero weights", () => {
    const table = new Weighted([
      ["a", 1],
      ["b", 3],
      ["never", 0],
    ] as const);
    const rng = new Rng(9);
    const counts: Record<string, number> = { a: 0, b: 0, never: 0 };
    for (let i = 0; i < 40_000; i++) counts[table.sample(rng)]++;
    expect(counts.never).toBe(0);
    expect(Math.abs(counts.b / 40_000 - 0.75)).toBeLessThan(0.01);
    expect(table.share("a")).toBeCloseTo(0.25);
  });

  it("refuses a table without positive weights", () => {
    expect(() => new Weighted([["a", 0]])).toThrow(RangeError);
  });
});

describe("hashSeed", () => {
  it("is stable and spreads nearby inputs", () => {
    expect(hashSeed(1, 2)).toBe(hashSeed(1, 2));
    expect(hashSeed(1, 2)).not.toBe(hashSeed(2, 1));
    expect(hashSeed(7, 20_000)).not.toBe(hashSeed(7, 20_001));
  });
});

describe("usd", () => {
  it("formats prices the way the help articles write them", () => {
    expect(usd(12.99)).toBe("$12.99");
    expect(usd(129)).toBe("$129");
    expect(usd(107.5)).toBe("$107.50");
    expect(usd(1500)).toBe("$1,500");
    expect(usd(1_002_003.04)).toBe("$1,002,003.04");
    expect(usd(0.05)).toBe("$0.05");
  });
});
