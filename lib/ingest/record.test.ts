import { describe, expect, it } from "vitest";
import { validateRecord } from "./record";

const base = { id: "r1", timestamp: "2025-05-03T10:15:00+02:00", input: "hi", output: "hello" };

describe("validateRecord", () => {
  it("normalises a minimal record", () => {
    const result = validateRecord(base);
    expect(result).toEqual({ ok: true, row: { externalId: "r1", timestamp: new Date("2025-05-03T08:15:00Z"), taskType: null, model: null, input: "hi", output: "hello", context: null, metadata: {}, signals: null, redactions: 0 } });
  });

  it("lifts taskType and model into columns and keeps other metadata", () => {
    const result = validateRecord({ ...base, metadata: { taskType: "billing", model: "gpt-4o", team: "x" } });
    expect(result.ok && result.row).toMatchObject({ taskType: "billing", model: "gpt-4o", metadata: { taskType: "billing", model: "gpt-4o", team: "x" } });
  });

  it.each([
    [{ ...base, id: "" }, "id"],
    [{ ...base, timestamp: "2025-05-03 10:15" }, "timestamp"],
    [{ ...base, timestamp: "2025-05-03T10:15:00" }, "timestamp"],
    [{ ...base, input: [] }, "input"],
    [{ ...base, input: [{ role: "", content: "x" }] }, "input.0.role"],
    [{ ...base, output: 3 }, "output"],
    [{ ...base, metadata: { tokensOut: 1.5 } }, "metadata.tokensOut"],
    [{ ...base, signals: [{ name: "judge", value: null }] }, "signals.0.value"],
    [{ ...base, context: [{ title: "no text" }] }, "context.0.text"],
    [{ ...base, ouput: "typo" }, "(record)"],
    [{ ...base, output: "nul\u0000" }, "output"],
  ])("rejects %j naming %s", (raw, field) => {
    const result = validateRecord(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].field).toBe(field);
  });

  it("never lets a __proto__ key change an object's prototype", () => {
    const result = validateRecord(JSON.parse('{"id":"p","timestamp":"2025-05-03T10:15:00Z","input":"a","output":"b","metadata":{"__proto__":{"polluted":true}}}'));
    expect(result.ok).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    if (result.ok) expect(Object.getPrototypeOf(result.row.metadata)).toBe(Object.prototype);
  });

  it("reports the id of a rejected record when it has one", () => {
    expect(validateRecord({ id: "x9", input: "a" })).toMatchObject({ ok: false, id: "x9" });
    expect(validateRecord([1])).toMatchObject({ ok: false, id: null });
  });
});
