// POST /api/v1/otlp/v1/traces: OTLP/HTTP trace exports (JSON or protobuf, optionally gzip).
// GenAI spans become logged outputs; the response follows the OTLP spec in the request's encoding.
import { handleRoute } from "@/lib/server/http/respond";
import { ValidationError } from "@/lib/server/errors";
import { decodeBody, ingestOtlp, readBodyWithLimit, UnsupportedMediaTypeError, type OtlpIngestResult } from "@/lib/server/ingest/ingest";
import { bodyStream, mediaType, requestDecoder, requireIngestActor } from "@/lib/server/ingest/http";
import { decodeExportTraceRequest, encodeExportTraceResponse, encodeRpcStatus, rpcCodeForHttpStatus } from "@/lib/ingest/otlp-proto";
import { otlpExportStatus, refusedBatchBody } from "@/lib/ingest/outcome";
import { otlpQuerySchema, otlpMaxBodyBytes } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function partialSuccess(result: OtlpIngestResult) {
  if (result.rejected === 0) return undefined;
  const reasons = [...new Set(result.errors.map((e) => e.message))].slice(0, 3).join("; ");
  return { rejectedSpans: result.rejected, errorMessage: `${result.rejected} GenAI span(s) rejected: ${reasons}` };
}

const PROTOBUF_TYPES = new Set(["application/x-protobuf", "application/protobuf"]);

/**
 * OTLP/HTTP answers an error in the request's encoding: a protobuf request gets a google.rpc.Status
 * message (its text is the shared JSON error's message and field issues), a JSON request the JSON.
 */
export async function POST(request: Request): Promise<Response> {
  const response = await exportTraces(request, {});
  if (response.ok || !PROTOBUF_TYPES.has(mediaType(request))) return response;
  const body = (await response.json()) as { message?: string; issues?: { field: string; message: string }[] };
  // At most five issues in the status text: an export refused whole may list a thousand spans.
  const listed = body.issues?.slice(0, 5).map((issue) => `${issue.field}: ${issue.message}`);
  if (listed && body.issues!.length > listed.length) listed.push(`and ${body.issues!.length - listed.length} more`);
  const issues = listed?.join("; ");
  const message = issues && !body.message?.includes(issues) ? `${body.message} (${issues})` : (body.message ?? `HTTP ${response.status}`);
  return new Response(encodeRpcStatus(rpcCodeForHttpStatus(response.status), message) as unknown as BodyInit, {
    status: response.status,
    headers: { "content-type": "application/x-protobuf" },
  });
}

const exportTraces = handleRoute(async (request: Request) => {
  const actor = await requireIngestActor(request);
  const { project } = otlpQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const type = mediaType(request);
  if (type !== "application/json" && !PROTOBUF_TYPES.has(type)) {
    throw new UnsupportedMediaTypeError(`Content-Type ${type || "(none)"} is not supported; OTLP/HTTP uses application/x-protobuf or application/json.`);
  }
  const limit = otlpMaxBodyBytes();
  const decoder = type === "application/json" ? requestDecoder(request) : null;
  const bytes = await readBodyWithLimit(bodyStream(request, limit), limit, "OTLP");
  const text = decoder ? decodeBody(bytes, decoder) : null;
  let decoded: unknown;
  try {
    decoded = text !== null ? JSON.parse(text) : decodeExportTraceRequest(bytes);
  } catch (error) {
    throw new ValidationError([{ field: "(body)", message: `not a valid OTLP ExportTraceServiceRequest (${(error as Error).message})` }]);
  }
  const result = await ingestOtlp({ actor, projectSlug: project, request: decoded });
  // Every span refused: a 400 (in the request's encoding, by POST above), the OTLP answer to a
  // request it rejects; a partly refused export stays 200 with partialSuccess, as the spec requires.
  if (otlpExportStatus(result) === 400) return Response.json(refusedBatchBody(result, "span"), { status: 400 });
  const partial = partialSuccess(result);
  if (type === "application/json") {
    // Clients ignore unknown fields; the extra `assay` field reports what happened to each span.
    return Response.json({ ...(partial ? { partialSuccess: partial } : {}), assay: result });
  }
  return new Response(encodeExportTraceResponse(partial) as unknown as BodyInit, { status: 200, headers: { "content-type": "application/x-protobuf" } });
});
