// Agent tool calls from OTLP spans: OpenTelemetry GenAI `gen_ai.operation.name = execute_tool`
// (gen_ai.tool.name, error.type, span status) and OpenInference `openinference.span.kind = TOOL`
// (tool.name), plus OpenLLMetry's traceloop.span.kind = tool. They are stored as tool calls of
// their trace (the trace's output is "<traceId>:<spanId>"), not dropped. Pure.
import type { AttrValue, OtlpSpan } from "@/lib/ingest/otlp";

export type ToolCallRow = {
  externalId: string;
  traceId: string;
  toolName: string;
  startedAt: Date;
  durationMs: number | null;
  status: "ok" | "error" | "timeout";
  errorType: string | null;
  httpStatus: number | null;
  authFailure: boolean;
  schemaError: boolean;
  retry: boolean;
  attributes: Record<string, string | number | boolean>;
};

const str = (v: AttrValue | undefined) => (typeof v === "string" && v.trim() ? v.trim() : null);
const int = (v: AttrValue | undefined) => {
  const n = typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v;
  return typeof n === "number" && Number.isInteger(n) ? n : null;
};

export function isToolSpan(span: OtlpSpan): boolean {
  const a = span.attributes;
  return a.get("gen_ai.operation.name") === "execute_tool" || a.get("openinference.span.kind") === "TOOL" || a.get("traceloop.span.kind") === "tool";
}

const TIMEOUT = /time(d)?\s*out|timeout|deadline/i;
const SCHEMA = /schema|validation|invalid[ _.-]?(argument|param|input|output)|unprocessable/i;
const AUTH = /unauthori[sz]ed|forbidden|permission denied|auth/i;
// Attributes worth keeping with the call (small, and never the tool's arguments or result).
const KEPT = /^(gen_ai\.tool\.(call\.id|type|description)|error\.type|http\.(response\.)?status_code|http\.request\.resend_count|server\.address|rpc\.)/;

/** The tool call of a span, or null when the span is not a tool call. */
export function mapToolSpan(span: OtlpSpan): ToolCallRow | null {
  if (!isToolSpan(span) || span.start === null) return null;
  const a = span.attributes;
  const toolName = (str(a.get("gen_ai.tool.name")) ?? str(a.get("tool.name")) ?? str(a.get("traceloop.entity.name")) ?? (span.name.replace(/^execute_tool\s+/, "") || "unknown")).slice(0, 200);
  const errorType = str(a.get("error.type"))?.slice(0, 200) ?? null;
  const httpStatus = int(a.get("http.response.status_code")) ?? int(a.get("http.status_code"));
  const failed = errorType !== null || span.status.code === 2 || (httpStatus !== null && httpStatus >= 400);
  const message = `${errorType ?? ""} ${span.status.message ?? ""}`;
  const status: ToolCallRow["status"] = !failed ? "ok" : TIMEOUT.test(message) || httpStatus === 408 || httpStatus === 504 ? "timeout" : "error";
  const authFailure = httpStatus === 401 || httpStatus === 403 || (failed && (/\b40[13]\b/.test(message) || AUTH.test(message)));
  const schemaError = failed && (httpStatus === 422 || SCHEMA.test(message));
  const durationNs = span.end !== null && span.end >= span.start ? span.end - span.start : null;
  const attributes: Record<string, string | number | boolean> = {};
  for (const [key, value] of a) {
    if (KEPT.test(key) && (typeof value === "string" || typeof value === "number" || typeof value === "boolean")) attributes[key] = typeof value === "string" ? value.slice(0, 500) : value;
  }
  return {
    externalId: `${span.traceId}:${span.spanId}`,
    traceId: span.traceId,
    toolName,
    startedAt: new Date(Number(span.start / 1_000_000n)),
    durationMs: durationNs === null ? null : Number(durationNs) / 1e6,
    status,
    errorType,
    httpStatus,
    authFailure,
    schemaError,
    retry: (int(a.get("http.request.resend_count")) ?? 0) > 0,
    attributes,
  };
}

/**
 * No convention marks a retry, so a call is also a retry when an earlier call of the same tool in
 * the same trace failed (within one batch; spans of a trace usually arrive together).
 */
export function markRetries(calls: ToolCallRow[]): ToolCallRow[] {
  const sorted = [...calls].sort((x, y) => x.traceId.localeCompare(y.traceId) || x.startedAt.getTime() - y.startedAt.getTime());
  const lastFailed = new Map<string, boolean>();
  return sorted.map((call) => {
    const key = `${call.traceId}\u0000${call.toolName}`;
    const retry = call.retry || lastFailed.get(key) === true;
    lastFailed.set(key, call.status !== "ok");
    return { ...call, retry };
  });
}
