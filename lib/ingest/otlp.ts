// OTLP trace requests (JSON or decoded protobuf) → logged-output records, following
// /work/shared/reference/otel-genai.md: current GenAI conventions (a), the older event forms (b),
// OpenLLMetry indexed attributes (c) and OpenInference (d). Everything on the wire is untrusted:
// attribute bags are Maps (never objects built from keys), ids and times are checked, and a
// malformed span is reported on its own instead of failing the batch.

import { MAX_NESTING_DEPTH } from "./record";

export type AttrValue = string | number | boolean | null | AttrValue[] | { [key: string]: AttrValue };
export type Attrs = Map<string, AttrValue>;

export type OtlpEvent = { name: string; time: bigint | null; attributes: Attrs };
export type OtlpSpan = {
  /** Position in the request, counting every span. */
  index: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  kind: number | null;
  start: bigint | null;
  end: bigint | null;
  attributes: Attrs;
  events: OtlpEvent[];
  resource: Attrs;
  /** Span status: code 0 unset, 1 ok, 2 error (names such as "STATUS_CODE_ERROR" are read too). */
  status: { code: number | null; message: string | null };
};

export type SpanProblem = { index: number; id: string | null; reason: string };

/** Longest string kept per content value; longer ones are cut and marked. */
export const MAX_FIELD_CHARS = 256 * 1024;
const MAX_INDEX = 1000;
const MAX_DEPTH = 16;

// ---------------------------------------------------------------- envelope decoding

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function asRecord(value: unknown): Record<string, unknown> | null {
  return value && typeof value === "object" && !Array.isArray(value) && !(value instanceof Uint8Array) ? (value as Record<string, unknown>) : null;
}

function bytesToBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
}

/** An int64 from JSON (string or number) or protobuf (decimal string): a safe number, else its decimal string. */
function int64(value: unknown): number | string | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && /^-?\d+$/.test(value)) {
    const n = Number(value);
    return Number.isSafeInteger(n) ? n : value;
  }
  return null;
}

/** AnyValue → plain JSON value. kvlists become objects through fromEntries (own data properties), first key wins. */
export function anyValue(value: unknown, depth = 0): AttrValue {
  const v = asRecord(value);
  if (!v || depth > MAX_DEPTH) return null;
  if (typeof v.stringValue === "string") return v.stringValue;
  if (typeof v.boolValue === "boolean") return v.boolValue;
  if (v.intValue !== undefined && v.intValue !== null) return int64(v.intValue);
  if (v.doubleValue !== undefined && v.doubleValue !== null) {
    const n = typeof v.doubleValue === "number" ? v.doubleValue : Number(v.doubleValue);
    return Number.isFinite(n) ? n : null;
  }
  if (v.arrayValue !== undefined) return asArray(asRecord(v.arrayValue)?.values).map((item) => anyValue(item, depth + 1));
  if (v.kvlistValue !== undefined) {
    const seen = new Set<string>();
    const entries: [string, AttrValue][] = [];
    for (const kv of asArray(asRecord(v.kvlistValue)?.values)) {
      const pair = asRecord(kv);
      if (!pair || typeof pair.key !== "string" || seen.has(pair.key)) continue;
      seen.add(pair.key);
      entries.push([pair.key, anyValue(pair.value, depth + 1)]);
    }
    return Object.fromEntries(entries);
  }
  if (v.bytesValue instanceof Uint8Array) return bytesToBase64(v.bytesValue);
  if (typeof v.bytesValue === "string") return v.bytesValue;
  return null;
}

/** KeyValue[] → Map; the first occurrence of a duplicate key wins. */
export function attributeMap(list: unknown): Attrs {
  const map: Attrs = new Map();
  for (const kv of asArray(list)) {
    const pair = asRecord(kv);
    if (!pair || typeof pair.key !== "string" || map.has(pair.key)) continue;
    map.set(pair.key, anyValue(pair.value));
  }
  return map;
}

/** Normalises a trace or span id (hex of any case, base64, or raw bytes) to lowercase hex; null if invalid. */
export function normalizeId(value: unknown, byteLength: 16 | 8): string | null {
  let hex: string | null = null;
  if (value instanceof Uint8Array) hex = value.length === byteLength ? Buffer.from(value).toString("hex") : null;
  else if (typeof value === "string") {
    if (value.length === byteLength * 2 && /^[0-9a-fA-F]+$/.test(value)) hex = value.toLowerCase();
    else if (value.length === Math.ceil(byteLength / 3) * 4 && /^[A-Za-z0-9+/]+=*$/.test(value)) {
      const bytes = Buffer.from(value, "base64");
      hex = bytes.length === byteLength ? bytes.toString("hex") : null;
    }
  }
  if (!hex || /^0+$/.test(hex)) return null;
  return hex;
}

function nanos(value: unknown): bigint | null {
  try {
    if (typeof value === "string" && /^\d+$/.test(value)) return BigInt(value);
    if (typeof value === "number" && Number.isFinite(value) && value >= 0) return BigInt(Math.round(value));
  } catch {
    return null;
  }
  return null;
}

const SPAN_KINDS: Record<string, number> = { SPAN_KIND_UNSPECIFIED: 0, SPAN_KIND_INTERNAL: 1, SPAN_KIND_SERVER: 2, SPAN_KIND_CLIENT: 3, SPAN_KIND_PRODUCER: 4, SPAN_KIND_CONSUMER: 5 };

/**
 * Reads an ExportTraceServiceRequest (OTLP/JSON object, or the protobuf decoder's output) into
 * spans. Spans whose ids are unusable are returned as problems with their position.
 */
export function readTraceRequest(request: unknown): { spans: OtlpSpan[]; problems: SpanProblem[]; total: number } {
  const spans: OtlpSpan[] = [];
  const problems: SpanProblem[] = [];
  let index = 0;
  for (const resourceSpans of asArray(asRecord(request)?.resourceSpans)) {
    const rs = asRecord(resourceSpans);
    const resource = attributeMap(asRecord(rs?.resource)?.attributes);
    for (const scopeSpans of asArray(rs?.scopeSpans)) {
      for (const rawSpan of asArray(asRecord(scopeSpans)?.spans)) {
        const position = index++;
        const span = asRecord(rawSpan);
        const traceId = normalizeId(span?.traceId, 16);
        const spanId = normalizeId(span?.spanId, 8);
        if (!span || !traceId || !spanId) {
          problems.push({ index: position, id: null, reason: "traceId must be 16 bytes and spanId 8 bytes (hex in JSON), not all zero" });
          continue;
        }
        const kind = typeof span.kind === "number" ? span.kind : typeof span.kind === "string" ? (SPAN_KINDS[span.kind] ?? null) : null;
        spans.push({
          index: position,
          traceId,
          spanId,
          parentSpanId: normalizeId(span.parentSpanId, 8),
          name: typeof span.name === "string" ? span.name : "",
          kind,
          start: nanos(span.startTimeUnixNano),
          end: nanos(span.endTimeUnixNano),
          attributes: attributeMap(span.attributes),
          events: asArray(span.events).map((e) => {
            const event = asRecord(e);
            return { name: typeof event?.name === "string" ? event.name : "", time: nanos(event?.timeUnixNano), attributes: attributeMap(event?.attributes) };
          }),
          resource,
          status: spanStatus(span.status),
        });
      }
    }
  }
  return { spans, problems, total: index };
}

const STATUS_CODES: Record<string, number> = { STATUS_CODE_UNSET: 0, STATUS_CODE_OK: 1, STATUS_CODE_ERROR: 2 };

function spanStatus(raw: unknown): OtlpSpan["status"] {
  const status = asRecord(raw);
  const code = typeof status?.code === "number" ? status.code : typeof status?.code === "string" ? (STATUS_CODES[status.code] ?? null) : null;
  return { code, message: typeof status?.message === "string" ? status.message.slice(0, 1000) : null };
}

// ---------------------------------------------------------------- value helpers

type Message = { role: string; content: unknown };

function str(value: AttrValue | undefined): string | null {
  return typeof value === "string" ? value : null;
}

/** A JSON string is parsed; text that is not JSON (plain or truncated) stays the raw string. */
function maybeJson(value: AttrValue | undefined): AttrValue | undefined {
  if (typeof value !== "string") return value;
  const trimmed = value.trim();
  if (!/^[[{"]/.test(trimmed)) return value;
  try {
    return JSON.parse(trimmed) as AttrValue;
  } catch {
    return value;
  }
}

function isObject(value: unknown): value is Record<string, AttrValue> {
  return !!value && typeof value === "object" && !Array.isArray(value);
}

function count(value: AttrValue | undefined): number | null {
  const n = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
  return typeof n === "number" && Number.isInteger(n) && n >= 0 && Number.isSafeInteger(n) ? n : null;
}

function money(value: AttrValue | undefined): number | null {
  const n = typeof value === "string" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 0 ? n : null;
}

function ownGet(object: Record<string, AttrValue>, key: string): AttrValue | undefined {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** Joins the text parts of a GenAI `parts` list; non-text parts (other than reasoning) keep the list as JSON. */
function partsToContent(parts: AttrValue | undefined): unknown {
  if (typeof parts === "string") return parts;
  if (!Array.isArray(parts)) return parts ?? "";
  const kept = parts.filter((p) => !(isObject(p) && ownGet(p, "type") === "reasoning"));
  const texts = kept.map((p) => (isObject(p) && ownGet(p, "type") === "text" ? str(ownGet(p, "content") ?? null) : typeof p === "string" ? p : null));
  if (texts.every((t) => t !== null)) return texts.join("\n");
  return kept;
}

function roleOf(value: AttrValue | undefined, fallback: string): string {
  return typeof value === "string" && value.trim() ? value.trim().toLowerCase() : fallback;
}

/** `[{role, parts}]` (current) or `[{role, content}]` (OpenAI style) → messages. */
function toMessages(value: AttrValue | undefined, defaultRole: string): Message[] | null {
  const parsed = maybeJson(value);
  if (typeof parsed === "string") return parsed.trim() ? [{ role: defaultRole, content: parsed }] : null;
  const list = Array.isArray(parsed) ? parsed : isObject(parsed) ? [parsed] : null;
  if (!list) return null;
  const messages: Message[] = [];
  for (const item of list) {
    if (typeof item === "string") messages.push({ role: defaultRole, content: item });
    else if (isObject(item)) {
      const content = ownGet(item, "parts") !== undefined ? partsToContent(ownGet(item, "parts")) : contentValue(ownGet(item, "content"), item);
      messages.push({ role: roleOf(ownGet(item, "role"), defaultRole), content });
    }
  }
  return messages.length ? messages : null;
}

function contentValue(content: AttrValue | undefined, message?: Record<string, AttrValue>): unknown {
  if (typeof content === "string") {
    const parsed = maybeJson(content);
    // Strands sends content blocks as a JSON string: [{"text": "..."}].
    if (Array.isArray(parsed) && parsed.every((b) => isObject(b) && typeof ownGet(b, "text") === "string")) return parsed.map((b) => (b as Record<string, AttrValue>).text).join("\n");
    return content;
  }
  if (Array.isArray(content)) return partsToContent(content);
  if (content !== undefined && content !== null) return content;
  const toolCalls = message ? ownGet(message, "tool_calls") : undefined;
  return toolCalls !== undefined ? { tool_calls: maybeJson(toolCalls) } : "";
}

function hasContent(message: Message | null | undefined): boolean {
  if (!message) return false;
  const c = message.content;
  return typeof c === "string" ? c.trim() !== "" : c !== null && c !== undefined;
}

/**
 * Indexed attributes such as `gen_ai.prompt.3.content` → [{...}] sorted numerically by index.
 * Only `^\d+$` segments up to MAX_INDEX count; the rest of the key is the field path.
 */
function indexed(attrs: Attrs, prefix: string): { index: number; fields: Map<string, AttrValue> }[] {
  const groups = new Map<number, Map<string, AttrValue>>();
  for (const [key, value] of attrs) {
    if (!key.startsWith(prefix)) continue;
    const rest = key.slice(prefix.length);
    const dot = rest.indexOf(".");
    if (dot <= 0) continue;
    const segment = rest.slice(0, dot);
    if (!/^\d+$/.test(segment)) continue;
    const index = Number(segment);
    if (index > MAX_INDEX) continue;
    let group = groups.get(index);
    if (!group) groups.set(index, (group = new Map()));
    const field = rest.slice(dot + 1);
    if (!group.has(field)) group.set(field, value);
  }
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([index, fields]) => ({ index, fields }));
}

function toolCallsFrom(fields: Map<string, AttrValue>, prefix: string, id: string, name: string, args: string): unknown[] {
  const calls = new Map<number, Record<string, AttrValue>>();
  for (const [key, value] of fields) {
    const m = new RegExp(`^${prefix.replace(/\./g, "\\.")}(\\d+)\\.(.+)$`).exec(key);
    if (!m || Number(m[1]) > MAX_INDEX) continue;
    const call = calls.get(Number(m[1])) ?? {};
    if (m[2] === id) call.id = value;
    else if (m[2] === name) call.name = value;
    else if (m[2] === args) call.arguments = maybeJson(value) ?? null;
    calls.set(Number(m[1]), call);
  }
  return [...calls.entries()].sort((a, b) => a[0] - b[0]).map(([, call]) => call);
}

// ---------------------------------------------------------------- the four forms

type Extracted = { input: Message[] | null; output: Message | null; otherChoices?: unknown[]; finishReason?: string | null };

const OUTPUT_OPERATIONS = new Set(["chat", "text_completion", "generate_content"]);
const NON_OUTPUT_OPERATIONS = new Set(["embeddings", "retrieval", "execute_tool", "create_agent", "invoke_agent", "invoke_workflow"]);
const MESSAGE_EVENTS = new Set(["gen_ai.system.message", "gen_ai.user.message", "gen_ai.assistant.message", "gen_ai.tool.message"]);

/** (a) gen_ai.input.messages / output.messages / system_instructions, on the span or in the v1.37 details event. */
function formCurrent(span: OtlpSpan): Extracted | null {
  const details = span.events.find((e) => e.name === "gen_ai.client.inference.operation.details")?.attributes;
  const get = (key: string) => span.attributes.get(key) ?? details?.get(key);
  const inputRaw = get("gen_ai.input.messages");
  const outputRaw = get("gen_ai.output.messages");
  const instructions = get("gen_ai.system_instructions");
  if (inputRaw === undefined && outputRaw === undefined && instructions === undefined) return null;
  const input: Message[] = [];
  if (instructions !== undefined) {
    const parsed = maybeJson(instructions);
    const content = partsToContent(Array.isArray(parsed) ? parsed : typeof parsed === "string" ? parsed : parsed ? [parsed] : undefined);
    if (typeof content === "string" ? content.trim() : content) input.push({ role: "system", content });
  }
  input.push(...(toMessages(inputRaw, "user") ?? []));
  const choices = toMessages(outputRaw, "assistant") ?? [];
  const outputList = maybeJson(outputRaw);
  const first = Array.isArray(outputList) && isObject(outputList[0]) ? outputList[0] : null;
  return {
    input: input.length ? input : null,
    output: choices[0] ?? null,
    otherChoices: choices.length > 1 ? choices.slice(1) : undefined,
    finishReason: first ? str(ownGet(first, "finish_reason") ?? null) : null,
  };
}

/**
 * OpenInference message contents: text parts joined as text; with an image among them, the parts
 * as a list in which an image is kept as a reference to its URL (never fetched). Undefined when
 * there are no usable parts.
 */
function openInferenceContents(parts: Map<string, AttrValue>[]): unknown {
  const kept: ({ type: "text"; content: string } | { type: "image"; url: string })[] = [];
  for (const fields of parts) {
    const text = fields.get("message_content.text");
    const url = fields.get("message_content.image.image.url") ?? fields.get("message_content.image.url");
    if (typeof text === "string") kept.push({ type: "text", content: text });
    else if (typeof url === "string" && url) kept.push({ type: "image", url });
  }
  if (kept.length === 0) return undefined;
  if (kept.every((p) => p.type === "text")) return kept.map((p) => (p as { content: string }).content).join("\n");
  return kept;
}

/** (d) OpenInference LLM spans. */
function formOpenInference(span: OtlpSpan): Extracted {
  const messagesFrom = (prefix: string): Message[] =>
    indexed(span.attributes, prefix).map(({ fields }) => {
      let content: unknown = fields.get("message.content");
      if (content === undefined) {
        const parts = indexed(new Map([...fields].map(([k, v]) => [k.replace(/^message\./, ""), v])), "contents.");
        content = openInferenceContents(parts.map((p) => p.fields));
      }
      if (content === undefined) {
        const calls = toolCallsFrom(fields, "message.tool_calls.", "tool_call.id", "tool_call.function.name", "tool_call.function.arguments");
        content = calls.length ? { tool_calls: calls } : "";
      }
      return { role: roleOf(fields.get("message.role"), "user"), content };
    });
  let input: Message[] | null = messagesFrom("llm.input_messages.");
  if (!input.length) {
    const value = span.attributes.get("input.value");
    const json = str(span.attributes.get("input.mime_type") ?? null) === "application/json" ? maybeJson(value) : value;
    if (isObject(json) && ownGet(json, "messages") !== undefined) input = toMessages(ownGet(json, "messages"), "user");
    else if (typeof json === "string") input = json.trim() ? [{ role: "user", content: json }] : null;
    else input = json !== undefined && json !== null ? [{ role: "user", content: JSON.stringify(json) }] : null;
  }
  const outputs = messagesFrom("llm.output_messages.").map((m) => ({ ...m, role: m.role === "user" ? "assistant" : m.role }));
  let output: Message | null = outputs[0] ?? null;
  if (!output) {
    const value = span.attributes.get("output.value");
    if (typeof value === "string" && value.trim()) output = { role: "assistant", content: value };
  }
  return { input, output, otherChoices: outputs.length > 1 ? outputs.slice(1) : undefined };
}

/** (c) OpenLLMetry gen_ai.prompt.{i}.* / gen_ai.completion.{i}.*. */
function formOpenLLMetry(span: OtlpSpan): Extracted {
  const toMessage = (fields: Map<string, AttrValue>, defaultRole: string): Message => {
    let content: unknown = fields.has("content") ? contentValue(fields.get("content")) : undefined;
    if (content === undefined || content === "") {
      const calls = toolCallsFrom(fields, "tool_calls.", "id", "name", "arguments");
      content = calls.length ? { tool_calls: calls } : (content ?? "");
    }
    return { role: roleOf(fields.get("role"), defaultRole), content };
  };
  const input = indexed(span.attributes, "gen_ai.prompt.").map(({ fields }) => toMessage(fields, "user"));
  const completions = indexed(span.attributes, "gen_ai.completion.");
  const outputs = completions.map(({ fields }) => toMessage(fields, "assistant"));
  return {
    input: input.length ? input : null,
    output: outputs[0] ?? null,
    otherChoices: outputs.length > 1 ? outputs.slice(1) : undefined,
    finishReason: completions[0] ? str(completions[0].fields.get("finish_reason") ?? null) : null,
  };
}

/** (b) Span events: v1.26/27 gen_ai.content.*, v1.28–1.36 gen_ai.*.message / gen_ai.choice (incl. Azure's gen_ai.event.content). */
function formEvents(span: OtlpSpan): Extracted {
  const events = [...span.events].sort((a, b) => (a.time === null || b.time === null ? 0 : a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
  const input: Message[] = [];
  let output: Message | null = null;
  let finishReason: string | null = null;
  const otherChoices: unknown[] = [];
  for (const event of events) {
    const azure = maybeJson(event.attributes.get("gen_ai.event.content"));
    const body = (key: string) => (isObject(azure) ? ownGet(azure, key) : event.attributes.get(key));
    if (event.name === "gen_ai.content.prompt") {
      input.push(...(toMessages(event.attributes.get("gen_ai.prompt"), "user") ?? []));
    } else if (event.name === "gen_ai.content.completion") {
      const messages = toMessages(event.attributes.get("gen_ai.completion"), "assistant") ?? [];
      const assistants = messages.filter((m) => m.role === "assistant");
      output = assistants[assistants.length - 1] ?? messages[messages.length - 1] ?? output;
    } else if (MESSAGE_EVENTS.has(event.name)) {
      const defaultRole = event.name.slice("gen_ai.".length, -".message".length);
      const message: Record<string, AttrValue> = { content: body("content") ?? null, tool_calls: body("tool_calls") ?? null };
      input.push({ role: roleOf(body("role"), defaultRole), content: contentValue(message.content ?? undefined, message.tool_calls ? message : undefined) });
    } else if (event.name === "gen_ai.choice") {
      const rawMessage = maybeJson(body("message"));
      const messageObject = isObject(rawMessage) ? rawMessage : null;
      const content = messageObject ? contentValue(ownGet(messageObject, "content"), messageObject) : typeof rawMessage === "string" ? rawMessage : "";
      const choice = { role: messageObject ? roleOf(ownGet(messageObject, "role"), "assistant") : "assistant", content };
      const index = count(body("index")) ?? 0;
      if (index === 0 && !output) {
        output = choice;
        finishReason = str(body("finish_reason") ?? null);
      } else otherChoices.push(choice);
    }
  }
  return { input: input.length ? input : null, output, otherChoices: otherChoices.length ? otherChoices : undefined, finishReason };
}

// ---------------------------------------------------------------- span → record

export type SpanForm = "gen_ai" | "openinference" | "openllmetry" | "events";

/** Which forms a span carries, in the order of preference; empty when it is not an output. */
export function detectForms(span: OtlpSpan): SpanForm[] {
  const a = span.attributes;
  const operation = str(a.get("gen_ai.operation.name") ?? null);
  if (operation && NON_OUTPUT_OPERATIONS.has(operation)) return [];
  const oiKind = str(a.get("openinference.span.kind") ?? null);
  if (oiKind && oiKind.toUpperCase() !== "LLM") return [];
  const forms: SpanForm[] = [];
  const hasCurrent =
    (operation !== null && OUTPUT_OPERATIONS.has(operation)) ||
    a.has("gen_ai.input.messages") ||
    a.has("gen_ai.output.messages") ||
    span.events.some((e) => e.name === "gen_ai.client.inference.operation.details");
  if (hasCurrent) forms.push("gen_ai");
  if (oiKind) forms.push("openinference");
  const requestType = str(a.get("llm.request.type") ?? null);
  let hasIndexed = requestType === "chat" || requestType === "completion";
  if (!hasIndexed) for (const key of a.keys()) if (/^gen_ai\.(prompt|completion)\.\d+\./.test(key)) { hasIndexed = true; break; }
  if (hasIndexed) forms.push("openllmetry");
  if (span.events.some((e) => MESSAGE_EVENTS.has(e.name) || e.name === "gen_ai.choice" || e.name.startsWith("gen_ai.content."))) forms.push("events");
  return forms;
}

const EXTRACTORS: Record<SpanForm, (span: OtlpSpan) => Extracted | null> = {
  gen_ai: formCurrent,
  openinference: formOpenInference,
  openllmetry: formOpenLLMetry,
  events: formEvents,
};

function capStrings(value: unknown, marks: { truncated: boolean }, depth = 0): unknown {
  // Past the nesting limit the value is left as it is: validateRecord rejects it, naming the
  // field, and recursing on would let a hostile depth overflow the stack.
  if (depth > MAX_NESTING_DEPTH) return value;
  if (typeof value === "string") {
    if (value.length <= MAX_FIELD_CHARS) return value;
    marks.truncated = true;
    return `${value.slice(0, MAX_FIELD_CHARS)}…[truncated by Assay: ${value.length - MAX_FIELD_CHARS} characters omitted]`;
  }
  if (Array.isArray(value)) return value.map((v) => capStrings(v, marks, depth + 1));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capStrings(v, marks, depth + 1)]));
  return value;
}

function first<T>(...values: (T | null | undefined)[]): T | null {
  for (const v of values) if (v !== null && v !== undefined) return v;
  return null;
}

export type ContextDocument = { id?: string; text: string; score?: number };

/** OpenInference RETRIEVER spans' documents, by trace id, to attach as context to LLM spans of the same trace. */
export function retrievedDocuments(spans: OtlpSpan[]): Map<string, ContextDocument[]> {
  const byTrace = new Map<string, ContextDocument[]>();
  for (const span of spans) {
    if (str(span.attributes.get("openinference.span.kind") ?? null)?.toUpperCase() !== "RETRIEVER") continue;
    for (const { fields } of indexed(span.attributes, "retrieval.documents.")) {
      const text = fields.get("document.content");
      if (typeof text !== "string") continue;
      const doc: ContextDocument = { text };
      const id = fields.get("document.id");
      if (typeof id === "string" || typeof id === "number") doc.id = String(id);
      const score = fields.get("document.score");
      if (typeof score === "number" && Number.isFinite(score)) doc.score = score;
      const list = byTrace.get(span.traceId) ?? [];
      list.push(doc);
      byTrace.set(span.traceId, list);
    }
  }
  return byTrace;
}

export type SpanMapping =
  | { kind: "output"; record: Record<string, unknown> }
  | { kind: "ignored" }
  | { kind: "rejected"; id: string; reason: string };

function taskTypeOf(span: OtlpSpan): string | null {
  const direct = first(str(span.attributes.get("assay.task_type") ?? null), str(span.resource.get("assay.task_type") ?? null), str(span.attributes.get("traceloop.association.properties.task_type") ?? null));
  if (direct) return direct;
  const meta = maybeJson(span.attributes.get("metadata"));
  if (isObject(meta)) return first(str(ownGet(meta, "task_type") ?? null), str(ownGet(meta, "taskType") ?? null));
  return null;
}

/** Maps one span to a record for validateRecord, or says why it is ignored or rejected. */
export function mapSpan(span: OtlpSpan, context?: ContextDocument[]): SpanMapping {
  const forms = detectForms(span);
  if (forms.length === 0) return { kind: "ignored" };
  const id = `${span.traceId}:${span.spanId}`;
  const extracted = forms.map((form) => EXTRACTORS[form](span)).filter((e): e is Extracted => e !== null);
  const input = extracted.map((e) => e.input).find((m) => m && m.some(hasContent)) ?? null;
  const chosen = extracted.find((e) => hasContent(e.output));
  if (!input || !chosen?.output) {
    return { kind: "rejected", id, reason: `the span has no captured ${!input ? "input" : "output"} messages (is content capture turned off in the instrumentation?)` };
  }
  if (span.start === null || span.start === 0n) return { kind: "rejected", id, reason: "startTimeUnixNano is missing or zero" };
  const startMs = span.start / 1_000_000n;
  const timestamp = new Date(Number(startMs));
  if (Number.isNaN(timestamp.getTime())) return { kind: "rejected", id, reason: "startTimeUnixNano is out of range" };
  // An end before the start is a broken clock or exporter; its latency would be a lie.
  if (span.end !== null && span.end !== 0n && span.end < span.start) return { kind: "rejected", id, reason: "endTimeUnixNano is before startTimeUnixNano" };
  const latency = span.end !== null && span.end !== 0n ? Number(span.end - span.start) / 1e6 : null;

  const a = span.attributes;
  const metadata: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== null && value !== undefined) metadata[key] = value;
  };
  set("model", first(str(a.get("gen_ai.request.model") ?? null), str(a.get("gen_ai.response.model") ?? null), str(a.get("llm.request.model_name") ?? null), str(a.get("llm.model_name") ?? null)));
  set("modelVersion", first(str(a.get("gen_ai.response.model") ?? null), str(a.get("llm.response.model_name") ?? null), str(a.get("llm.model_name") ?? null)));
  set("taskType", taskTypeOf(span));
  set("latencyMs", latency);
  set("tokensIn", first(count(a.get("gen_ai.usage.input_tokens")), count(a.get("gen_ai.usage.prompt_tokens")), count(a.get("llm.token_count.prompt"))));
  set("tokensOut", first(count(a.get("gen_ai.usage.output_tokens")), count(a.get("gen_ai.usage.completion_tokens")), count(a.get("llm.token_count.completion"))));
  set("costUsd", first(money(a.get("llm.cost.total")), money(a.get("gen_ai.usage.cost"))));
  const tags = a.get("tag.tags");
  if (Array.isArray(tags)) set("tags", tags.filter((t): t is string => typeof t === "string"));
  set("provider", first(str(a.get("gen_ai.provider.name") ?? null), str(a.get("gen_ai.system") ?? null), str(a.get("llm.system") ?? null)));
  set("operation", first(str(a.get("gen_ai.operation.name") ?? null), str(a.get("llm.request.type") ?? null)));
  set("serviceName", str(span.resource.get("service.name") ?? null));
  set("conversationId", first(str(a.get("gen_ai.conversation.id") ?? null), str(a.get("session.id") ?? null)));
  set("finishReason", first(chosen.finishReason ?? null, ...extracted.map((e) => e.finishReason ?? null)));
  set("otherChoices", chosen.otherChoices);
  const marks = { truncated: false };
  const record: Record<string, unknown> = {
    id,
    timestamp: timestamp.toISOString(),
    input: capStrings(input, marks),
    output: capStrings(chosen.output, marks),
    metadata,
  };
  if (marks.truncated) metadata.truncated = true;
  metadata.otel = { traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId, spanName: span.name, form: forms[0] };
  if (context?.length) record.context = capStrings(context, marks);
  return { kind: "output", record };
}
