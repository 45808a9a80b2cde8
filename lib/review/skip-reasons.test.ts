import { describe, expect, it } from "vitest";
import { checkReason, MAX_REASON_LENGTH } from "./skip-reasons";

describe("checkReason", () => {
  it("keeps a reason, trimmed", () => {
    expect(checkReason("  Outside my expertise \n")).toEqual({ ok: true, reason: "Outside my expertise" });
  });
  it("refuses a missing, blank or non-text reason", () => {
    for (const value of [undefined, null, "", "   ", 42]) expect(checkReason(value)).toEqual({ ok: false, message: "say why, in a few words" });
  });
  it("refuses an over-long reason and says how long it is", () => {
    const result = checkReason("x".repeat(MAX_REASON_LENGTH + 1));
    expect(result).toEqual({ ok: false, message: `at most ${MAX_REASON_LENGTH} characters (this one has ${MAX_REASON_LENGTH + 1})` });
    expect(checkReason("x".repeat(MAX_REASON_LENGTH)).ok).toBe(true);
  });
});
