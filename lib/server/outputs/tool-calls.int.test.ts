import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { makeProject } from "@/tests/fixtures";
import { ingestOtlp } from "@/lib/server/ingest/ingest";
import { readOutputDetail } from "./explorer";
import { outputStoreFor } from "./explorer";

const TRACE = "a3ce929d0e0e47364bf92f3577b34da6";
const sv = (key: string, value: string) => ({ key, value: { stringValue: value } });
const iv = (key: string, value: number) => ({ key, value: { intValue: String(value) } });
const t0 = 1764320000000000000n;
const span = (spanId: string, startOffsetMs: number, durationMs: number, attributes: unknown[], extra: Record<string, unknown> = {}) => ({
  traceId: TRACE, spanId, parentSpanId: "1111111111111111", name: "span", kind: 1,
  startTimeUnixNano: String(t0 + BigInt(startOffsetMs) * 1_000_000n), endTimeUnixNano: String(t0 + BigInt(startOffsetMs + durationMs) * 1_000_000n), attributes, ...extra,
});

const request = {
  resourceSpans: [{
    resource: { attributes: [sv("service.name", "order-agent")] },
    scopeSpans: [{ spans: [
      // Children before their parent, as exporters send them.
      span("2222222222222221", 0, 10_000, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "lookup_order"), sv("error.type", "TimeoutError")], { status: { code: 2 } }),
      span("2222222222222222", 10_100, 200, [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.tool.name", "lookup_order")]),
      span("2222222222222223", 10_400, 90, [sv("openinference.span.kind", "TOOL"), sv("tool.name", "issue_refund"), iv("http.response.status_code", 403)]),
      span("3333333333333333", 10_600, 1500, [
        sv("gen_ai.operation.name", "chat"), sv("gen_ai.request.model", "agent-large"), iv("gen_ai.usage.input_tokens", 120), iv("gen_ai.usage.output_tokens", 30), sv("assay.task_type", "order_agent"),
        sv("gen_ai.input.messages", JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Refund my broken parcel" }] }])),
        sv("gen_ai.output.messages", JSON.stringify([{ role: "assistant", parts: [{ type: "text", content: "A colleague will call you." }], finish_reason: "stop" }])),
      ]),
      span("4444444444444444", 0, 5, [sv("http.request.method", "GET")]),
    ] }],
  }],
};

describe("agent tool calls from OTLP", () => {
  it("stores tool spans as the trace's tool calls, once, and shows them on the output page with per-tool reliability", async () => {
    const { project, members } = await makeProject();
    const actor = { kind: "apiKey" as const, apiKeyId: "k", projectId: project.id, scopes: ["ingest"] };
    const first = await ingestOtlp({ actor, request });
    expect(first).toMatchObject({ accepted: 1, rejected: 0, ignored: 1, spans: 5 });
    await ingestOtlp({ actor, request }); // a client retry re-sends the same spans
    const client = await prisma();
    const calls = await client.toolCall.findMany({ where: { projectId: project.id }, orderBy: { startedAt: "asc" } });
    expect(calls.map((c) => [c.toolName, c.status, c.retry, c.authFailure, c.httpStatus])).toEqual([
      ["lookup_order", "timeout", false, false, null],
      ["lookup_order", "ok", true, false, null],
      ["issue_refund", "error", false, true, 403],
    ]);
    const output = await client.loggedOutput.findFirstOrThrow({ where: { projectId: project.id } });
    expect(output.externalId).toBe(`${TRACE}:3333333333333333`);
    const detail = await readOutputDetail({ actor: members.ml_engineer, projectSlug: project.slug, outputId: output.id });
    expect(detail.traceId).toBe(TRACE);
    expect(detail.toolCalls.map((c) => c.toolName)).toEqual(["lookup_order", "lookup_order", "issue_refund"]);
    const reliability = await (await outputStoreFor()).toolReliability({ projectId: project.id, start: new Date(Number(t0 / 1_000_000n) - 1000), end: new Date(Number(t0 / 1_000_000n) + 60_000) });
    expect(reliability).toEqual([
      { toolName: "lookup_order", calls: 2, ok: 1, errors: 0, timeouts: 1, retries: 1, authFailures: 0, schemaErrors: 0 },
      { toolName: "issue_refund", calls: 1, ok: 0, errors: 1, timeouts: 0, retries: 0, authFailures: 1, schemaErrors: 0 },
    ]);
    // Another project sees none of them.
    const other = await makeProject();
    expect(await client.toolCall.count({ where: { projectId: other.project.id } })).toBe(0);
  });
});
