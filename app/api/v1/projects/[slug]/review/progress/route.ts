// GET: the signed-in reviewer's progress per open audit ("12 of 40 in week 2026-W47").
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { getReviewProgress } from "@/lib/server/review/workspace";
import { requireActor } from "../schema";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  return Response.json({ audits: await getReviewProgress({ projectSlug: slug, actor }) });
});
