// POST /api/v1/otlp/v1/traces: OTLP/HTTP trace exports (JSON or protobuf, optionally gzip).
// GenAI spans become logged outputs; the response follows the OTLP spec in the request's encoding.
import { handleRoute } from "@/lib/server/http/respond";
import { ValidationError } from "@/lib/server/errors";
import { ingestOtlp, readBodyWithLimit, UnsupportedMediaTypeError, type OtlpIngestResult } from "@/lib/server/ingest/ingest";
import { bodyStream, mediaType, requireIngestActor } from "@/lib/server/ingest/http";
import { decodeExportTraceRequest, encodeExportTraceResponse } from "@/lib/ingest/otlp-proto";
import { otlpQuerySchema, otlpMaxBodyBytes } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

function partialSuccess(result: OtlpIngestResult) {
  if (result.rejected === 0) return undefined;
  const reasons = [...new Set(result.errors.map((e) => e.message))].slice(0, 3).join("; ");
  return { rejectedSpans: result.rejected, errorMessage: `${result.rejected} GenAI span(s) rejected: ${reasons}` };
}

export const POST = handleRoute(async (request: Request) => {
  const actor = await requireIngestActor(request);
  const { project } = otlpQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const type = mediaType(request);
  if (type !== "application/json" && type !== "application/x-protobuf" && type !== "application/protobuf") {
    throw new UnsupportedMediaTypeError(`Content-Type ${type || "(none)"} is not supported; OTLP/HTTP uses application/x-protobuf or application/json.`);
  }
  const limit = otlpMaxBodyBytes();
  const bytes = await readBodyWithLimit(bodyStream(request, limit), limit, "OTLP");
  let decoded: unknown;
  try {
    decoded = type === "application/json" ? JSON.parse(new TextDecoder().decode(bytes)) : decodeExportTraceRequest(bytes);
  } catch (error) {
    throw new ValidationError([{ field: "(body)", message: `not a valid OTLP ExportTraceServiceRequest (${(error as Error).message})` }]);
  }
  const result = await ingestOtlp({ actor, projectSlug: project, request: decoded });
  const partial = partialSuccess(result);
  if (type === "application/json") {
    // Clients ignore unknown fields; the extra `assay` field reports what happened to each span.
    return Response.json({ ...(partial ? { partialSuccess: partial } : {}), assay: result });
  }
  return new Response(encodeExportTraceResponse(partial) as unknown as BodyInit, { status: 200, headers: { "content-type": "application/x-protobuf" } });
});
