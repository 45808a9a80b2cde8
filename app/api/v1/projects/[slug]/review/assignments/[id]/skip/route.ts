// POST { reason }: give an open item up; it leaves the reviewer's queue and waits for a QA lead.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { skipAssignment } from "@/lib/server/review/skip-flag";
import { jsonBody, reasonBodySchema, requireActor } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  const body = reasonBodySchema.parse(await jsonBody(request));
  return Response.json(await skipAssignment({ projectSlug: slug, actor, assignmentId: id, reason: body.reason }));
});
