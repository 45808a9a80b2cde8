import { describe, expect, it } from "vitest";
import { MAX_NESTING_DEPTH, timestampRangeAt, validateRecord } from "./record";

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
    [{ ...base, ouput: "typo" }, "ouput"],
    [{ ...base, input: [{ role: "user", content: "x", colour: "red" }] }, "input.0.colour"],
    [{ ...base, output: "nul\u0000" }, "output"],
  ])("rejects %j naming %s", (raw, field) => {
    const result = validateRecord(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors[0].field).toBe(field);
  });

  it("rejects a __proto__ key anywhere, naming it, and never lets it change a prototype", () => {
    const nested = '{"id":"p","timestamp":"2025-05-03T10:15:00Z","input":"a","output":"b","metadata":{"a":[{"__proto__":{"polluted":true}}]}}';
    expect(validateRecord(JSON.parse(nested))).toMatchObject({ ok: false, id: "p", errors: [{ field: "metadata.a.0.__proto__", message: expect.stringContaining("__proto__") }] });
    const top = '{"id":"p","timestamp":"2025-05-03T10:15:00Z","input":"a","output":"b","metadata":{"__proto__":{"polluted":true}}}';
    expect(validateRecord(JSON.parse(top))).toMatchObject({ ok: false, errors: [{ field: "metadata.__proto__" }] });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("keeps keys that merely look special (constructor, prototype) as data", () => {
    const result = validateRecord({ ...base, metadata: { constructor: "x", prototype: { a: 1 } } });
    expect(result.ok && result.row.metadata).toEqual({ constructor: "x", prototype: { a: 1 } });
  });

  it("rejects numbers beyond 2^53, which JSON.parse has already rounded", () => {
    const raw = JSON.parse('{"id":"n","timestamp":"2025-05-03T10:15:00Z","input":"a","output":"b","metadata":{"big":123456789012345678901234567890}}');
    expect(validateRecord(raw)).toMatchObject({ ok: false, errors: [{ field: "metadata.big", message: expect.stringContaining("send it as a string") }] });
    expect(validateRecord({ ...base, metadata: { edge: Number.MAX_SAFE_INTEGER, small: -12.5 } }).ok).toBe(true);
  });

  it(`rejects nesting deeper than ${MAX_NESTING_DEPTH} levels without overflowing the stack, and accepts ${MAX_NESTING_DEPTH}`, () => {
    const nest = (levels: number) => JSON.parse(`${"[".repeat(levels)}1${"]".repeat(levels)}`);
    const deep = validateRecord({ ...base, metadata: { deep: nest(5000) } });
    expect(deep).toMatchObject({ ok: false, errors: [{ field: "metadata.deep.0", message: expect.stringContaining(`${MAX_NESTING_DEPTH} levels`) }] });
    const content = validateRecord({ ...base, input: [{ role: "user", content: nest(100_000) }] });
    expect(content).toMatchObject({ ok: false, errors: [{ field: "input.0.content" }] });
    // The record is level 0 and metadata level 1, so metadata may hold MAX - 1 levels of its own.
    expect(validateRecord({ ...base, metadata: { deep: nest(MAX_NESTING_DEPTH - 2) } }).ok).toBe(true);
    expect(validateRecord({ ...base, metadata: { deep: nest(MAX_NESTING_DEPTH - 1) } }).ok).toBe(false);
  });

  it.each(["0000-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+01:00", "1969-12-31T23:59:59Z"])("rejects the timestamp %s, naming the field", (timestamp) => {
    expect(validateRecord({ ...base, timestamp })).toMatchObject({ ok: false, errors: [{ field: "timestamp" }] });
  });

  it("accepts timestamps from 1970 to a day ahead, and earlier ones when the project allows them", () => {
    const now = new Date("2026-06-01T12:00:00Z");
    const range = timestampRangeAt(now);
    expect(validateRecord({ ...base, timestamp: "1970-01-01T00:00:00Z" }, range).ok).toBe(true);
    expect(validateRecord({ ...base, timestamp: "2026-06-02T11:59:00Z" }, range).ok).toBe(true);
    expect(validateRecord({ ...base, timestamp: "2026-06-02T12:01:00Z" }, range)).toMatchObject({ ok: false, errors: [{ field: "timestamp", message: expect.stringContaining("ahead") }] });
    expect(validateRecord({ ...base, timestamp: "1900-01-01T00:00:00Z" }, timestampRangeAt(now, new Date("1800-01-01T00:00:00Z"))).ok).toBe(true);
  });

  it("reports the id of a rejected record when it has one", () => {
    expect(validateRecord({ id: "x9", input: "a" })).toMatchObject({ ok: false, id: "x9" });
    expect(validateRecord([1])).toMatchObject({ ok: false, id: null });
  });
});
