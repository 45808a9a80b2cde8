import { describe, expect, it } from "vitest";
import { readTraceRequest } from "@/lib/ingest/otlp";
import { mapToolSpan, markRetries, isToolSpan } from "./tool-spans";

const TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const sv = (key: string, value: string) => ({ key, value: { stringValue: value } });
const iv = (key: string, value: number) => ({ key, value: { intValue: String(value) } });

function spansOf(...spans: Record<string, unknown>[]) {
  return readTraceRequest({ resourceSpans: [{ scopeSpans: [{ spans }] }] }).spans;
}

const base = (spanId: string, start: bigint, attributes: unknown[], extra: Record<string, unknown> = {}) => ({
  traceId: TRACE, spanId, name: "execute_tool lookup_order", kind: 1,
  startTimeUnixNano: String(start), endTimeUnixNano: String(start + 250_000_000n), attributes, ...extra,
});

describe("tool-call spans", () => {
  it("maps an OpenTelemetry GenAI execute_tool span", () => {
    const [span] = spansOf(base("00f067aa0ba902b7", 1764320000000000000n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "lookup_order"), sv("gen_ai.tool.call.id", "call_1")]));
    const call = mapToolSpan(span)!;
    expect(call).toMatchObject({ externalId: `${TRACE}:00f067aa0ba902b7`, traceId: TRACE, toolName: "lookup_order", status: "ok", durationMs: 250, authFailure: false, schemaError: false, retry: false });
    expect(call.startedAt.toISOString()).toBe("2025-11-28T08:53:20.000Z");
    expect(call.attributes).toEqual({ "gen_ai.tool.call.id": "call_1" });
  });

  it("maps an OpenInference TOOL span with its tool.name", () => {
    const [span] = spansOf(base("00f067aa0ba902b8", 1764320000000000000n, [sv("openinference.span.kind", "TOOL"), sv("tool.name", "issue_refund")], { name: "issue_refund" }));
    expect(mapToolSpan(span)).toMatchObject({ toolName: "issue_refund", status: "ok" });
  });

  it("reads timeouts, auth failures (401/403) and schema mismatches from error.type, HTTP status and span status", () => {
    const spans = spansOf(
      base("0000000000000001", 1n * 10n ** 18n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "crm"), sv("error.type", "TimeoutError")], { status: { code: 2 } }),
      base("0000000000000002", 1n * 10n ** 18n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "crm"), iv("http.response.status_code", 401), sv("error.type", "401")]),
      base("0000000000000003", 1n * 10n ** 18n, [sv("openinference.span.kind", "TOOL"), sv("tool.name", "crm")], { status: { code: "STATUS_CODE_ERROR", message: "HTTP 403 Forbidden" } }),
      base("0000000000000004", 1n * 10n ** 18n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "refund"), sv("error.type", "SchemaValidationError")]),
      base("0000000000000005", 1n * 10n ** 18n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "refund")], { status: { code: 1 } }),
    );
    const calls = spans.map(mapToolSpan);
    expect(calls.map((c) => c!.status)).toEqual(["timeout", "error", "error", "error", "ok"]);
    expect(calls.map((c) => c!.authFailure)).toEqual([false, true, true, false, false]);
    expect(calls.map((c) => c!.schemaError)).toEqual([false, false, false, true, false]);
    expect(calls[1]!.httpStatus).toBe(401);
  });

  it("is not a tool call otherwise (an LLM span, an HTTP span)", () => {
    const spans = spansOf(base("0000000000000006", 10n ** 18n, [sv("gen_ai.operation.name", "chat")]), base("0000000000000007", 10n ** 18n, [sv("openinference.span.kind", "LLM")]), base("0000000000000008", 10n ** 18n, [sv("http.request.method", "GET")]));
    expect(spans.map(isToolSpan)).toEqual([false, false, false]);
    expect(spans.map(mapToolSpan)).toEqual([null, null, null]);
  });

  it("marks a call after a failed call of the same tool in the same trace as a retry", () => {
    const spans = spansOf(
      base("0000000000000011", 10n ** 18n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "crm"), sv("error.type", "timeout")]),
      base("0000000000000012", 10n ** 18n + 10n ** 9n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "crm")]),
      base("0000000000000013", 10n ** 18n + 2n * 10n ** 9n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "other")]),
      base("0000000000000014", 10n ** 18n + 3n * 10n ** 9n, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "other"), iv("http.request.resend_count", 1)]),
    );
    expect(markRetries(spans.map((s) => mapToolSpan(s)!)).map((c) => c.retry)).toEqual([false, true, false, true]);
  });
});
