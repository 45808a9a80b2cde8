// The OTLP endpoint with the real OpenTelemetry JS exporters (HTTP/JSON and HTTP/protobuf) as clients.
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SpanKind, type Attributes } from "@opentelemetry/api";
import { BasicTracerProvider, SimpleSpanProcessor, type ReadableSpan, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { OTLPTraceExporter as JsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as ProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { prisma } from "@/lib/server/db/client";
import { insertApiKey } from "@/lib/server/projects/api-keys";
import { makeProject } from "@/tests/fixtures";
import { startRouteServer } from "@/tests/ingest-test-server";
import { decodeRpcStatus } from "@/lib/ingest/otlp-proto";

vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));
const { POST } = await import("@/app/api/v1/otlp/v1/traces/route");

let server: Awaited<ReturnType<typeof startRouteServer>>;
beforeAll(async () => {
  server = await startRouteServer({ "/api/v1/otlp/v1/traces": POST });
});
afterAll(async () => {
  await server?.close();
});

const chatAttributes: Attributes = {
  "gen_ai.operation.name": "chat",
  "gen_ai.provider.name": "openai",
  "gen_ai.request.model": "gpt-4o",
  "gen_ai.response.model": "gpt-4o-2024-08-06",
  "gen_ai.usage.input_tokens": 42,
  "gen_ai.usage.output_tokens": 9,
  "gen_ai.system_instructions": JSON.stringify([{ type: "text", content: "Be brief." }]),
  "gen_ai.input.messages": JSON.stringify([{ role: "user", parts: [{ type: "text", content: "Is my refund processed?" }] }]),
  "gen_ai.output.messages": JSON.stringify([{ role: "assistant", parts: [{ type: "reasoning", content: "check" }, { type: "text", content: "Yes, on 3 May." }], finish_reason: "stop" }]),
  "assay.task_type": "refunds",
};

async function exportWith(exporter: SpanExporter, build: (tracer: ReturnType<BasicTracerProvider["getTracer"]>) => void) {
  const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": "support-bot" }), spanProcessors: [new SimpleSpanProcessor(exporter)] });
  build(provider.getTracer("assay-test"));
  await provider.forceFlush();
  await provider.shutdown();
}

async function outputsOf(projectId: string) {
  const db = await prisma();
  return db.loggedOutput.findMany({ where: { projectId }, orderBy: { timestamp: "asc" } });
}

for (const [name, Exporter] of [["http/json", JsonExporter], ["http/protobuf", ProtoExporter]] as const) {
  describe(`OTLP ${name} exporter`, () => {
    it("turns GenAI spans of three forms into logged outputs, ignores other spans and stores nothing for spans without content", async () => {
      const { project } = await makeProject();
      const key = await insertApiKey({ projectId: project.id, name: "otel", scopes: ["ingest"], createdById: null });
      const exporter = new Exporter({ url: `${server.url}/api/v1/otlp/v1/traces`, headers: { Authorization: `Bearer ${key.secret}` } });
      const sent: { traceId: string; spanId: string }[] = [];
      await exportWith(exporter, (tracer) => {
        const chat = tracer.startSpan("chat gpt-4o", { kind: SpanKind.CLIENT, attributes: chatAttributes, startTime: new Date("2025-05-03T10:00:00.000Z") });
        sent.push(chat.spanContext());
        chat.end(new Date("2025-05-03T10:00:01.250Z"));
        tracer.startSpan("GET /health", { kind: SpanKind.SERVER, attributes: { "http.request.method": "GET" } }).end();
        const old = tracer.startSpan("chat gpt-4o-mini", { kind: SpanKind.CLIENT, attributes: { "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.prompt_tokens": 23 }, startTime: new Date("2025-05-03T10:00:02Z") });
        old.addEvent("gen_ai.user.message", { content: "Where is my parcel?" });
        old.addEvent("gen_ai.choice", { index: 0, finish_reason: "stop", message: JSON.stringify({ role: "assistant", content: "It left the depot today." }) });
        sent.push(old.spanContext());
        old.end();
        const openllmetry = tracer.startSpan("openai.chat", { attributes: { "llm.request.type": "chat", "gen_ai.system": "openai", "gen_ai.request.model": "gpt-4o", "gen_ai.prompt.0.role": "system", "gen_ai.prompt.0.content": "Be brief.", "gen_ai.prompt.1.role": "user", "gen_ai.prompt.1.content": "Cancel my order", "gen_ai.completion.0.role": "assistant", "gen_ai.completion.0.content": "Done: order cancelled." }, startTime: new Date("2025-05-03T10:00:03Z") });
        openllmetry.end();
      });
      // Content capture off: a GenAI span without messages is refused, not stored empty. Alone in
      // its export it is the whole export, so the exporter gets a 400 (OTLP's answer to a request
      // it rejects) and reports the export failed; nothing is stored.
      // ExportResult of @opentelemetry/core (a dependency of the SDK, not of this project): code 1 is FAILED.
      const outcome = await new Promise<{ code: number; error?: Error }>((resolve) => {
        const provider = new BasicTracerProvider({ resource: resourceFromAttributes({ "service.name": "support-bot" }) });
        const span = provider.getTracer("assay-test").startSpan("chat gpt-4o", { attributes: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o" } });
        span.end();
        exporter.export([span as unknown as ReadableSpan], resolve);
      });
      expect(outcome.code).toBe(1);
      expect((outcome.error as { code?: number }).code).toBe(400);
      const rows = await outputsOf(project.id);
      expect(rows).toHaveLength(3);
      const [chat, old, ol] = rows;
      expect(chat.externalId).toBe(`${sent[0].traceId}:${sent[0].spanId}`);
      expect(chat.timestamp.toISOString()).toBe("2025-05-03T10:00:00.000Z");
      expect(chat).toMatchObject({ model: "gpt-4o", taskType: "refunds" });
      expect(chat.input).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: "Is my refund processed?" }]);
      expect(chat.output).toEqual({ role: "assistant", content: "Yes, on 3 May." });
      expect(chat.metadata).toMatchObject({ modelVersion: "gpt-4o-2024-08-06", tokensIn: 42, tokensOut: 9, latencyMs: 1250, provider: "openai", serviceName: "support-bot", finishReason: "stop" });
      expect(old.input).toEqual([{ role: "user", content: "Where is my parcel?" }]);
      expect(old.output).toEqual({ role: "assistant", content: "It left the depot today." });
      expect(old.metadata).toMatchObject({ tokensIn: 23, model: "gpt-4o-mini" });
      expect(ol.input).toEqual([{ role: "system", content: "Be brief." }, { role: "user", content: "Cancel my order" }]);
      expect(ol.output).toEqual({ role: "assistant", content: "Done: order cancelled." });
    });
  });
}

describe("OTLP/JSON responses", () => {
  it("reports ignored and rejected spans, keeps __proto__ keys as data, and refuses other projects' keys", async () => {
    const { project } = await makeProject();
    const other = await makeProject();
    const key = await insertApiKey({ projectId: project.id, name: "otel", scopes: ["ingest"], createdById: null });
    const span = (spanId: string, attributes: unknown[]) => ({ traceId: "4BF92F3577B34DA6A3CE929D0E0E4736", spanId, name: "x", kind: "SPAN_KIND_CLIENT", startTimeUnixNano: "1764320000000000000", endTimeUnixNano: 1764320000500000000, attributes });
    const sv = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const body = {
      resourceSpans: [{
        resource: { attributes: [sv("service.name", "bot")] },
        scopeSpans: [{ spans: [
          span("00f067aa0ba902b7", [sv("gen_ai.operation.name", "chat"), sv("gen_ai.input.messages", '[{"role":"user","parts":[{"type":"text","content":"hi"}]}]'), sv("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":\"hello"), { key: "__proto__", value: { kvlistValue: { values: [sv("polluted", "yes")] } } }, { key: "gen_ai.usage.input_tokens", value: { intValue: 7 } }]),
          span("0000000000000000", [sv("gen_ai.operation.name", "chat")]),
          span("00f067aa0ba902b8", [sv("gen_ai.operation.name", "embeddings")]),
        ] }],
      }],
    };
    const post = (secret: string, query = "") =>
      fetch(`${server.url}/api/v1/otlp/v1/traces${query}`, { method: "POST", headers: { "content-type": "application/json; charset=utf-8", authorization: `Bearer ${secret}` }, body: JSON.stringify(body) });
    const response = await post(key.secret);
    expect(response.status).toBe(200);
    const result = await response.json();
    expect(result.assay).toMatchObject({ accepted: 1, rejected: 1, ignored: 1, spans: 3 });
    expect(result.partialSuccess).toMatchObject({ rejectedSpans: 1 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const [row] = await outputsOf(project.id);
    // A truncated JSON string is kept as raw text rather than failing the span.
    expect(row.output).toEqual({ role: "assistant", content: '[{"role":"assistant","parts":[{"type":"text","content":"hello' });
    expect(row.externalId).toBe("4bf92f3577b34da6a3ce929d0e0e4736:00f067aa0ba902b7");
    expect(row.metadata).toMatchObject({ tokensIn: 7, latencyMs: 500 });
    expect((await post(key.secret)).status).toBe(200);
    expect(await outputsOf(project.id)).toHaveLength(1);
    expect((await post(key.secret, `?project=${other.project.slug}`)).status).toBe(404);
    expect((await post("assay_nope-000000000000000000000000000")).status).toBe(401);
    const wrongType = await fetch(`${server.url}/api/v1/otlp/v1/traces`, { method: "POST", headers: { "content-type": "text/plain", authorization: `Bearer ${key.secret}` }, body: "x" });
    expect(wrongType.status).toBe(415);
    expect(await outputsOf(other.project.id)).toHaveLength(0);
  });
});

describe("OTLP errors (issue 11)", () => {
  it("answers a protobuf request's errors as a google.rpc.Status protobuf, and a JSON request's as JSON", async () => {
    const { project } = await makeProject();
    const key = await insertApiKey({ projectId: project.id, name: "otel", scopes: ["ingest"], createdById: null });
    const send = (headers: Record<string, string>, body: BodyInit) => POST(new Request("http://localhost/api/v1/otlp/v1/traces", { method: "POST", headers, body }));
    const unauthenticated = await send({ "content-type": "application/x-protobuf", authorization: "Bearer assay_nope-000000000000000000000000000" }, new Uint8Array(0));
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get("content-type")).toBe("application/x-protobuf");
    expect(decodeRpcStatus(new Uint8Array(await unauthenticated.arrayBuffer()))).toEqual({ code: 16, message: expect.stringContaining("API key") });
    const malformed = await send({ "content-type": "application/x-protobuf", authorization: `Bearer ${key.secret}` }, new Uint8Array([0x0a, 0xff, 0xff]));
    expect(malformed.status).toBe(400);
    expect(decodeRpcStatus(new Uint8Array(await malformed.arrayBuffer()))).toEqual({ code: 3, message: expect.stringContaining("ExportTraceServiceRequest") });
    const json = await send({ "content-type": "application/json", authorization: "Bearer assay_nope-000000000000000000000000000" }, "{}");
    expect(json.status).toBe(401);
    expect(await json.json()).toMatchObject({ error: "unauthenticated" });
  });

  it("answers 400 naming the encoding for a body that is not gzip or is cut short, in either encoding", async () => {
    const { project } = await makeProject();
    const key = await insertApiKey({ projectId: project.id, name: "otel", scopes: ["ingest"], createdById: null });
    const whole = zlib.gzipSync(JSON.stringify({ resourceSpans: [] }));
    for (const body of [Buffer.from("not gzip at all"), whole.subarray(0, whole.length - 6)]) {
      const asJson = await POST(new Request("http://localhost/api/v1/otlp/v1/traces", { method: "POST", headers: { "content-type": "application/json", "content-encoding": "gzip", authorization: `Bearer ${key.secret}` }, body }));
      expect(asJson.status).toBe(400);
      expect(await asJson.json()).toMatchObject({ issues: [{ field: "Content-Encoding", message: expect.stringContaining("not valid gzip") }] });
      const asProto = await POST(new Request("http://localhost/api/v1/otlp/v1/traces", { method: "POST", headers: { "content-type": "application/x-protobuf", "content-encoding": "gzip", authorization: `Bearer ${key.secret}` }, body }));
      expect(asProto.status).toBe(400);
      expect(decodeRpcStatus(new Uint8Array(await asProto.arrayBuffer())).message).toContain("not valid gzip");
    }
  });
});
