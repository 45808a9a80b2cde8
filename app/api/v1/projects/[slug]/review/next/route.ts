// POST: claim the next item of the signed-in reviewer's queue (leased). While blind review is on
// the item never carries other reviewers' labels.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { claimNextAssignment } from "@/lib/server/review/labels";
import { requireActor } from "../schema";

export const dynamic = "force-dynamic";

export const POST = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  return Response.json(await claimNextAssignment({ projectSlug: slug, actor }));
});
