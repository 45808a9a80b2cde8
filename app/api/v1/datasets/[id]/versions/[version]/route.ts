// GET /api/v1/datasets/:id/versions/:version?format=jsonl|csv|parquet|promptfoo|openai_evals|huggingface
// Streams one frozen version in a format, for an `export`-scoped API key (Authorization: Bearer)
// or a signed-in member allowed to export (the dataset page's download links). Logged per export.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { UnauthenticatedError } from "@/lib/server/errors";
import { exportDatasetVersion } from "@/lib/server/datasets/exports";
import { toReadableStream } from "@/lib/server/datasets/stream";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; version: string }> };

export const GET = handleRoute(async (request: Request, context: Context) => {
  const actor = await getRequestActor(request);
  if (!actor) throw new UnauthenticatedError("Send an export-scoped API key as 'Authorization: Bearer <key>', or sign in.");
  const { id, version } = await context.params;
  const format = new URL(request.url).searchParams.get("format") ?? "jsonl";
  const exported = await exportDatasetVersion({ actor, datasetId: id, version, format, via: actor.kind === "apiKey" ? "api" : "ui" });
  return new Response(toReadableStream(exported.body), {
    headers: {
      "content-type": exported.contentType,
      "content-disposition": `attachment; filename="${exported.fileName}"`,
      "x-assay-row-count": String(exported.rowCount),
      "x-assay-sha256": exported.sha256,
      // no-transform: the server's gzip would spend one of the app's cores on every byte of a
      // gigabyte export, the core the reviewers' requests share (decision 017); Parquet and the
      // zipped folders are compressed already, and a reverse proxy can compress the rest.
      "cache-control": "no-store, no-transform",
    },
  });
});
