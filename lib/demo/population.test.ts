import { describe, expect, it } from "vitest";
import { compileChecks } from "@/lib/outputs/checks";
import { DEMO_CHECK_SETTINGS, generatePopulationDemo } from "./population";

describe("population demo", () => {
  const end = new Date(Date.UTC(2026, 10, 23));
  const demo = generatePopulationDemo({ endWeekStart: end, weeks: 8, perWeek: 60_000 });
  const compiled = compileChecks(DEMO_CHECK_SETTINGS);
  if (!compiled.ok) throw new Error("settings");
  const weekOf = (iso: string) => Math.floor((new Date(iso).getTime() - (end.getTime() - 7 * 7 * 86_400_000)) / (7 * 86_400_000));

  it("has one week with about 0.8 % invalid invoice extractions and about 0.1 % in the others", () => {
    const invalid = new Map<number, [number, number]>();
    for (const o of demo.outputs.filter((o) => o.metadata.taskType === "invoice_extraction")) {
      const r = compiled.checks.evaluate({ taskType: "invoice_extraction", output: o.output, metadata: o.metadata, signals: null, latencyMs: null, costUsd: null });
      const [bad, all] = invalid.get(weekOf(o.timestamp)) ?? [0, 0];
      invalid.set(weekOf(o.timestamp), [bad + (r.formatValid ? 0 : 1), all + 1]);
    }
    const rates = [...invalid].sort((a, b) => a[0] - b[0]).map(([, [bad, all]]) => bad / all);
    expect(rates).toHaveLength(8);
    expect(rates[5]).toBeGreaterThan(0.004);
    expect(rates[5]).toBeLessThan(0.014);
    for (const [w, rate] of rates.entries()) if (w !== 5) expect(rate).toBeLessThan(0.004);
  });

  it("has agent traces with timeouts followed by retries, auth failures and schema mismatches, and escalations", () => {
    expect(demo.toolCalls.some((t) => t.status === "timeout")).toBe(true);
    expect(demo.toolCalls.filter((t) => t.retry).length).toBe(demo.toolCalls.filter((t) => t.status === "timeout").length);
    expect(demo.toolCalls.some((t) => t.authFailure && (t.httpStatus === 401 || t.httpStatus === 403))).toBe(true);
    expect(demo.toolCalls.some((t) => t.schemaError)).toBe(true);
    const agents = demo.outputs.filter((o) => o.metadata.taskType === "order_agent");
    const traces = new Set(agents.map((o) => o.id.split(":")[0]));
    expect(demo.toolCalls.every((t) => traces.has(t.traceId))).toBe(true);
    expect(agents.filter((o) => o.metadata.escalated === true).length / agents.length).toBeGreaterThan(0.02);
  });

  it("puts a canary model version in the last two weeks only", () => {
    const canary = demo.outputs.filter((o) => o.metadata.tags.includes("canary"));
    expect(canary.length).toBeGreaterThan(0);
    expect(Math.min(...canary.map((o) => weekOf(o.timestamp)))).toBe(6);
  });
});
