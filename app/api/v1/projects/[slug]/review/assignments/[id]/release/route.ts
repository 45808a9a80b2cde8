// POST: give an open item back to the queue (the tab closed); sent with navigator.sendBeacon.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { releaseAssignment } from "@/lib/server/review/labels";
import { requireActor } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  await releaseAssignment({ projectSlug: slug, actor, assignmentId: id });
  return Response.json({ released: true });
});
