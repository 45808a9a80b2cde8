// PATCH: edit one's own label while the audit is open (every change is kept as a revision).
// GET: the label's history.
import { handleRoute } from "@/lib/server/http/respond";
import { getRequestActor } from "@/lib/server/auth/current";
import { editLabel, listLabelHistory } from "@/lib/server/review/labels";
import { editBodySchema, jsonBody, requireActor } from "../../schema";

export const dynamic = "force-dynamic";

export const PATCH = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  const body = editBodySchema.parse(await jsonBody(request));
  return Response.json(await editLabel({ projectSlug: slug, actor, labelId: id, values: body.values }));
});

export const GET = handleRoute(async (request: Request, { params }: { params: Promise<{ slug: string; id: string }> }) => {
  const { slug, id } = await params;
  const actor = requireActor(await getRequestActor(request, { projectSlug: slug }));
  return Response.json({ revisions: await listLabelHistory({ projectSlug: slug, actor, labelId: id }) });
});
