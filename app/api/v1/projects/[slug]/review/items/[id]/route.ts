// GET: one sampled item as the actor may see it (blind-aware: other labels are null while the
// actor's own assignment on it is open and blind review is on).
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { getReviewItem } from "@/lib/server/review/labels";
import { requireActor } from "../../schema";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  return Response.json(await getReviewItem({ projectSlug: slug, actor, sampledItemId: id }));
});
