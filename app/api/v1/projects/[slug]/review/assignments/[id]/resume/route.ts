// POST: lease one open assignment of the reviewer's again and return its item (after a reload,
// so the picks kept in the browser come back on their own item).
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { resumeAssignment } from "@/lib/server/review/workspace";
import { requireActor } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  return Response.json({ item: await resumeAssignment({ projectSlug: slug, actor, assignmentId: id }) });
});
