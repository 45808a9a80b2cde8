// The split rule: an output's split depends only on (seed, output id), so an output keeps its
// split in every version of a dataset however the other rows change. Within every stratum the
// same independent hash applies, so each stratum's test share is the rule's share in expectation
// (not exactly: an exact per-stratum quota would move outputs between splits as rows arrive).
import crypto from "node:crypto";
import type { SplitRule } from "./types";

/** A number in [0, 1) from the first 52 bits of SHA-256(seed ":" outputId). */
export function splitPosition(seed: string, outputId: string): number {
  const digest = crypto.createHash("sha256").update(`${seed}:${outputId}`, "utf8").digest();
  // 52 bits fit a double exactly: 6 bytes and the high nibble of the seventh.
  const high = digest.readUIntBE(0, 6);
  const nibble = digest[6] >> 4;
  return (high * 16 + nibble) / 2 ** 52;
}

export function splitOf(rule: SplitRule, outputId: string): string {
  if (rule.kind === "none") return "test";
  return splitPosition(rule.seed, outputId) < rule.testShare ? "test" : "train";
}

/** The split names a rule can produce, in the order they are written. */
export function splitNames(rule: SplitRule): string[] {
  return rule.kind === "none" ? ["test"] : ["train", "test"];
}
