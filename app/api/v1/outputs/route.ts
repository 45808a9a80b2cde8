// POST /api/v1/outputs: logged outputs as a JSON array, or NDJSON streamed line by line.
import { handleRoute } from "@/lib/server/http/respond";
import { ingestJsonBody, ingestNdjsonStream, jsonArrayLimits, ndjsonLimits, UnsupportedMediaTypeError, type IngestResult } from "@/lib/server/ingest/ingest";
import { bodyStream, mediaType, requestDecoder, requireIngestActor } from "@/lib/server/ingest/http";
import { refusedBatchBody, restBatchStatus } from "@/lib/ingest/outcome";
import { ingestQuerySchema } from "./schema";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const NDJSON_TYPES = new Set(["application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines", "application/jsonlines"]);

export const POST = handleRoute(async (request: Request) => {
  const actor = await requireIngestActor(request);
  const { project } = ingestQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const type = mediaType(request);
  if (NDJSON_TYPES.has(type)) {
    const decoder = requestDecoder(request);
    const body = bodyStream(request, ndjsonLimits().maxBodyBytes);
    const result = await ingestNdjsonStream({ actor, projectSlug: project, body: body as unknown as AsyncIterable<Uint8Array> | null, decoder });
    return batchResponse(result, "line");
  }
  if (type === "application/json" || type === "") {
    const decoder = requestDecoder(request);
    const result = await ingestJsonBody({ actor, projectSlug: project, body: bodyStream(request, jsonArrayLimits().maxBodyBytes), decoder });
    return batchResponse(result, "record");
  }
  throw new UnsupportedMediaTypeError(`Content-Type ${type} is not supported; send application/json (an array of records) or application/x-ndjson (one record per line).`);
});

/** 200 all stored, 207 some records refused beside stored ones, 400 all refused (lib/ingest/outcome.ts). */
function batchResponse(result: IngestResult, unit: "record" | "line"): Response {
  const status = restBatchStatus(result);
  return Response.json(status === 400 ? refusedBatchBody(result, unit) : result, { status });
}
