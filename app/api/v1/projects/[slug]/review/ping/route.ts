// GET: the review API's trivial route: the same authentication and permission check as the real
// routes and nothing else. The review benchmark uses it as its baseline.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { requireActor } from "../schema";

export const dynamic = "force-dynamic";

export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string }> }) => {
  const { slug } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  await authorizeProject({ actor, project: { slug }, permission: "review:label" });
  return Response.json({ ok: true });
});
