import { describe, expect, it } from "vitest";
import { sampleHashSeed } from "./sample-key";

describe("sampleHashSeed", () => {
  it("is the first 8 bytes of SHA-256 as a signed big-endian integer", () => {
    // SHA-256("abc") = ba7816bf 8f01cfea …: 0xba7816bf8f01cfea as signed 64-bit.
    expect(sampleHashSeed("abc")).toBe(BigInt.asIntN(64, 0xba7816bf8f01cfean));
    expect(sampleHashSeed("abc")).toBeLessThan(0n);
  });

  it("differs between seeds and repeats for the same seed", () => {
    expect(sampleHashSeed("seed-1")).toBe(sampleHashSeed("seed-1"));
    expect(sampleHashSeed("seed-1")).not.toBe(sampleHashSeed("seed-2"));
  });
});
