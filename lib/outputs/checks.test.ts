import { describe, expect, it } from "vitest";
import { compileChecks, defaultCheckSettings, outputText, type CheckInput } from "./checks";
import { promoteTypedColumns } from "./typed-columns";

const base: CheckInput = { taskType: "extract", output: "", metadata: {}, signals: null, latencyMs: null, costUsd: null };

function compile(raw: unknown) {
  const result = compileChecks(raw);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.checks;
}

const invoiceSchema = { type: "object", required: ["invoice_id", "amount"], properties: { invoice_id: { type: "string" }, amount: { type: "number", minimum: 0 } }, additionalProperties: false };

describe("format compliance", () => {
  const checks = compile({ format: [{ taskType: "extract", format: "json", schema: invoiceSchema }, { taskType: "any_json", format: "json" }] });

  it("passes JSON that validates against the task type's schema", () => {
    expect(checks.evaluate({ ...base, output: '{"invoice_id":"A-1","amount":12.5}' }).formatValid).toBe(true);
    expect(checks.evaluate({ ...base, output: { role: "assistant", content: '{"invoice_id":"A-1","amount":0}' } }).formatValid).toBe(true);
  });
  it("fails text that is not JSON, JSON missing a required field, or a wrong type", () => {
    expect(checks.evaluate({ ...base, output: "Sure! The invoice is A-1." }).formatValid).toBe(false);
    expect(checks.evaluate({ ...base, output: '{"invoice_id":"A-1"}' }).formatValid).toBe(false);
    expect(checks.evaluate({ ...base, output: '{"invoice_id":"A-1","amount":"12"}' }).formatValid).toBe(false);
    expect(checks.evaluate({ ...base, output: '{"invoice_id":"A-1","amount":1' }).formatValid).toBe(false);
  });
  it("uses draft 2020-12 keywords (prefixItems)", () => {
    const tuple = compile({ format: [{ taskType: "pair", format: "json", schema: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false } }] });
    expect(tuple.evaluate({ ...base, taskType: "pair", output: '["a", 1]' }).formatValid).toBe(true);
    expect(tuple.evaluate({ ...base, taskType: "pair", output: '["a", 1, 2]' }).formatValid).toBe(false);
  });
  it("only checks JSON parsing without a schema, and nothing for other task types", () => {
    expect(checks.evaluate({ ...base, taskType: "any_json", output: "[1,2]" }).formatValid).toBe(true);
    expect(checks.evaluate({ ...base, taskType: "chat", output: "not json" }).formatValid).toBeNull();
    expect(checks.evaluate({ ...base, taskType: null, output: "not json" }).formatValid).toBeNull();
  });
  it("refuses an invalid schema and a task type configured twice, naming the field", () => {
    const bad = compileChecks({ format: [{ taskType: "x", format: "json", schema: { type: "no-such-type" } }] });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors[0].field).toBe("format.0.schema");
    const twice = compileChecks({ format: [{ taskType: "x", format: "json" }, { taskType: "x", format: "json" }] });
    expect(!twice.ok && twice.errors[0].field).toBe("format.1.taskType");
  });
});

describe("refusal", () => {
  const checks = compile(defaultCheckSettings());
  it("uses the ingested signal when present, over the phrases", () => {
    expect(checks.evaluate({ ...base, output: "Here is your answer.", signals: [{ name: "refusal", value: true }] }).refusal).toBe(true);
    expect(checks.evaluate({ ...base, output: "I can't help with that.", signals: [{ name: "refusal", value: 0.1 }] }).refusal).toBe(false);
  });
  it("falls back to the project's phrases, case-insensitively", () => {
    expect(checks.evaluate({ ...base, output: "Sorry, I CAN'T HELP WITH medical dosing." }).refusal).toBe(true);
    expect(checks.evaluate({ ...base, output: "Your refund was issued on 3 May." }).refusal).toBe(false);
    const edited = compile({ refusal: { enabled: true, signal: null, phrases: ["outside my remit"] } });
    expect(edited.evaluate({ ...base, output: "That is outside my remit." }).refusal).toBe(true);
    expect(edited.evaluate({ ...base, output: "I can't help with that." }).refusal).toBe(false);
  });
  it("is null when disabled", () => {
    expect(compile({ refusal: { enabled: false } }).evaluate({ ...base, output: "I can't help with that." }).refusal).toBeNull();
  });
});

describe("metadata flags, latency SLA and cost budget", () => {
  const checks = compile({
    escalated: { key: "escalated" },
    overridden: { key: "human_action", equals: "override" },
    intervened: { key: "human_action", equals: "intervention" },
    approved: { key: "approval", equals: "approved" },
    latencySlaMs: { default: 3000, byTaskType: { extract: 10_000 } },
    costBudgetUsd: { default: 0.01 },
  });
  it("reads the mapped keys and values", () => {
    const r = checks.evaluate({ ...base, metadata: { escalated: true, human_action: "override" } });
    expect([r.escalated, r.overridden, r.intervened, r.approved]).toEqual([true, true, false, false]);
    expect(checks.evaluate({ ...base, metadata: { escalated: "true" } }).escalated).toBe(false);
  });
  it("leaves unmapped flags null", () => {
    expect(compile({}).evaluate({ ...base, metadata: { escalated: true } }).escalated).toBeNull();
  });
  it("compares latency with the task type's SLA, else the default, and cost with the budget", () => {
    expect(checks.evaluate({ ...base, latencyMs: 5000 }).overLatencySla).toBe(false);
    expect(checks.evaluate({ ...base, taskType: "chat", latencyMs: 5000 }).overLatencySla).toBe(true);
    expect(checks.evaluate({ ...base, latencyMs: null }).overLatencySla).toBeNull();
    expect(checks.evaluate({ ...base, costUsd: 0.02 }).overCostBudget).toBe(true);
    expect(checks.evaluate({ ...base, costUsd: 0.002 }).overCostBudget).toBe(false);
  });
});

describe("typed columns and output text", () => {
  it("promotes finite non-negative numbers only", () => {
    expect(promoteTypedColumns({ latencyMs: 812.5, costUsd: 0.0021, tokensIn: 180, tokensOut: 90 })).toEqual({ latencyMs: 812.5, costUsd: 0.0021, tokensIn: 180, tokensOut: 90 });
    expect(promoteTypedColumns({ latencyMs: "800", costUsd: -1, tokensIn: 1.5, tokensOut: 2 ** 40 })).toEqual({ latencyMs: null, costUsd: null, tokensIn: null, tokensOut: null });
  });
  it("reads a message's content", () => {
    expect(outputText({ role: "assistant", content: "hi" })).toBe("hi");
    expect(outputText(42)).toBeNull();
  });
});
