// GET: one of the signed-in reviewer's labels with its item, the rubric to edit it under and its
// history (the workspace's "previous item" panel; 404 for anyone else's label).
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { getMyLabel } from "@/lib/server/review/my-labels";
import { requireActor } from "../../schema";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  return Response.json(await getMyLabel({ projectSlug: slug, actor, labelId: id }));
});
