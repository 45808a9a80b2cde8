// POST: submit the label of an assignment; the response carries the next claimed item too.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { submitLabel } from "@/lib/server/review/labels";
import { jsonBody, requireActor, submitBodySchema } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  const body = submitBodySchema.parse(await jsonBody(request));
  return Response.json(await submitLabel({ projectSlug: slug, actor, assignmentId: id, values: body.values, timeSpentMs: body.timeSpentMs, claimNext: body.next }));
});
