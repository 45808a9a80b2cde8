import { describe, expect, it } from "vitest";
import { mapSpan, normalizeId, readTraceRequest, retrievedDocuments } from "./otlp";
import { decodeExportTraceRequest } from "./otlp-proto";
import { validateRecord } from "./record";

const sv = (key: string, value: string) => ({ key, value: { stringValue: value } });
const iv = (key: string, value: number | string) => ({ key, value: { intValue: value } });
const request = (spans: object[], resource: object[] = []) => ({ resourceSpans: [{ resource: { attributes: resource }, scopeSpans: [{ spans }] }] });
const span = (spanId: string, attributes: object[], extra: object = {}) => ({ traceId: "a3ce929d0e0e47364bf92f3577b34da6", spanId, name: "s", kind: 1, startTimeUnixNano: "1764320000000000000", endTimeUnixNano: "1764320000900000001", attributes, ...extra });

function mapOne(raw: object, resource: object[] = []) {
  const { spans } = readTraceRequest(request([raw], resource));
  return mapSpan(spans[0], retrievedDocuments(spans).get(spans[0].traceId));
}

describe("OTLP span mapping", () => {
  it("maps OpenInference LLM spans, sorting indexes numerically", () => {
    const attrs = [sv("openinference.span.kind", "LLM"), sv("llm.model_name", "gpt-4o-2024-08-06"), { key: "llm.cost.total", value: { doubleValue: 0.00021 } }, iv("llm.token_count.prompt", "12")];
    for (let i = 0; i < 11; i++) attrs.push(sv(`llm.input_messages.${i}.message.role`, "user"), sv(`llm.input_messages.${i}.message.content`, `m${i}`));
    attrs.push(sv("llm.output_messages.0.message.role", "assistant"), sv("llm.output_messages.0.message.content", "done"), sv("metadata", '{"task_type":"billing"}'));
    const mapped = mapOne(span("53995c3f42cd8ad8", attrs));
    expect(mapped.kind).toBe("output");
    if (mapped.kind !== "output") return;
    expect((mapped.record.input as { content: string }[]).map((m) => m.content)).toEqual(["m0", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"]);
    expect(mapped.record.output).toEqual({ role: "assistant", content: "done" });
    expect(mapped.record.metadata).toMatchObject({ model: "gpt-4o-2024-08-06", costUsd: 0.00021, tokensIn: 12, taskType: "billing", latencyMs: 900.000001 });
    expect(validateRecord(mapped.record).ok).toBe(true);
  });

  it("keeps an OpenInference image part as a reference to its URL, beside the text", () => {
    const attrs = [sv("openinference.span.kind", "LLM"), sv("llm.input_messages.0.message.role", "user")];
    attrs.push(sv("llm.input_messages.0.message.contents.0.message_content.type", "text"), sv("llm.input_messages.0.message.contents.0.message_content.text", "What is in this picture?"));
    attrs.push(sv("llm.input_messages.0.message.contents.1.message_content.type", "image"), sv("llm.input_messages.0.message.contents.1.message_content.image.image.url", "https://example.test/cat.png"));
    attrs.push(sv("llm.output_messages.0.message.role", "assistant"), sv("llm.output_messages.0.message.content", "A cat."));
    const mapped = mapOne(span("53995c3f42cd8ad9", attrs));
    expect(mapped.kind === "output" && mapped.record.input).toEqual([
      { role: "user", content: [{ type: "text", content: "What is in this picture?" }, { type: "image", url: "https://example.test/cat.png" }] },
    ]);
  });

  it("rejects a span whose end precedes its start", () => {
    const attrs = [sv("openinference.span.kind", "LLM"), sv("input.value", "q"), sv("output.value", "a")];
    const mapped = mapOne(span("53995c3f42cd8ada", attrs, { startTimeUnixNano: "1764320000900000000", endTimeUnixNano: "1764320000000000000" }));
    expect(mapped).toMatchObject({ kind: "rejected", reason: expect.stringMatching(/end.*before.*start/i) });
  });

  it("attaches retriever documents of the same trace as context", () => {
    const retriever = span("1111111111111111", [sv("openinference.span.kind", "RETRIEVER"), sv("retrieval.documents.0.document.id", "kb1"), sv("retrieval.documents.0.document.content", "Refunds take 5 days.")]);
    const llm = span("2222222222222222", [sv("openinference.span.kind", "LLM"), sv("input.value", "refund?"), sv("output.value", "5 days")]);
    const { spans } = readTraceRequest(request([retriever, llm]));
    const docs = retrievedDocuments(spans);
    expect(mapSpan(spans[0], docs.get(spans[0].traceId))).toEqual({ kind: "ignored" });
    const mapped = mapSpan(spans[1], docs.get(spans[1].traceId));
    expect(mapped.kind === "output" && mapped.record.context).toEqual([{ id: "kb1", text: "Refunds take 5 days." }]);
  });

  it("reads Azure-style gen_ai.event.content and v1.26 completion events", () => {
    const azure = mapOne(span("3333333333333333", [sv("gen_ai.system", "az.ai.inference")], {
      events: [
        { name: "gen_ai.user.message", timeUnixNano: "1764320000000000001", attributes: [sv("gen_ai.event.content", '{"role":"user","content":"hello"}')] },
        { name: "gen_ai.choice", timeUnixNano: "1764320000000000002", attributes: [sv("gen_ai.event.content", '{"message":{"content":"hi!"},"finish_reason":"stop","index":0}')] },
      ],
    }));
    expect(azure).toMatchObject({ kind: "output", record: { input: [{ role: "user", content: "hello" }], output: { role: "assistant", content: "hi!" } } });
    const old = mapOne(span("4444444444444444", [sv("gen_ai.system", "openai")], {
      events: [
        { name: "gen_ai.content.prompt", attributes: [sv("gen_ai.prompt", "plain text prompt")] },
        { name: "gen_ai.content.completion", attributes: [sv("gen_ai.completion", '[{"role":"assistant","content":"answer"}]')] },
      ],
    }));
    expect(old).toMatchObject({ kind: "output", record: { input: [{ role: "user", content: "plain text prompt" }], output: { role: "assistant", content: "answer" } } });
  });

  it("ignores non-output spans and rejects GenAI spans without content", () => {
    expect(mapOne(span("5555555555555555", [sv("http.request.method", "GET")]))).toEqual({ kind: "ignored" });
    expect(mapOne(span("5555555555555556", [sv("gen_ai.operation.name", "execute_tool"), sv("gen_ai.input.messages", "[]")]))).toEqual({ kind: "ignored" });
    expect(mapOne(span("5555555555555557", [sv("gen_ai.operation.name", "chat")]))).toMatchObject({ kind: "rejected", reason: expect.stringContaining("content capture") });
  });

  it("uses the first of duplicate keys and never builds objects from attribute keys", () => {
    const mapped = mapOne(span("6666666666666666", [sv("gen_ai.operation.name", "chat"), sv("gen_ai.input.messages", "first"), sv("gen_ai.input.messages", "second"), sv("gen_ai.output.messages", "out"), sv("gen_ai.prompt.__proto__.role", "x"), sv("constructor", "y")]));
    expect(mapped).toMatchObject({ kind: "output", record: { input: [{ role: "user", content: "first" }] } });
    expect(({} as Record<string, unknown>).role).toBeUndefined();
  });

  it("normalises ids from hex, base64 and bytes and refuses bad ones", () => {
    expect(normalizeId("4BF92F3577B34DA6A3CE929D0E0E4736", 16)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(normalizeId(Buffer.from("4bf92f3577b34da6a3ce929d0e0e4736", "hex").toString("base64"), 16)).toBe("4bf92f3577b34da6a3ce929d0e0e4736");
    expect(normalizeId(new Uint8Array([0, 240, 103, 170, 11, 169, 2, 183]), 8)).toBe("00f067aa0ba902b7");
    expect(normalizeId("0000000000000000", 8)).toBeNull();
    expect(normalizeId("abc", 8)).toBeNull();
    const { problems } = readTraceRequest(request([span("00", [])]));
    expect(problems).toHaveLength(1);
  });

  it("rejects a negative latency (end before start) instead of storing the output without it", () => {
    const negative = mapOne(span("7777777777777777", [sv("gen_ai.operation.name", "chat"), sv("gen_ai.input.messages", "q"), sv("gen_ai.output.messages", "a")], { endTimeUnixNano: "1" }));
    expect(negative).toMatchObject({ kind: "rejected", reason: "endTimeUnixNano is before startTimeUnixNano" });
  });

  it("rejects a malformed protobuf body", () => {
    expect(() => decodeExportTraceRequest(new Uint8Array([0x0a, 0xff, 0xff]))).toThrow();
  });
});
