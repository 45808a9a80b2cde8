// PATCH: edit one's own label while the audit is open (every change is kept as a revision).
// GET: the label's history.
import { withProjectRoute } from "@/lib/server/http/project-route";
import { editLabel, listLabelHistory } from "@/lib/server/review/labels";
import { editBodySchema } from "../../schema";

export const dynamic = "force-dynamic";

export const PATCH = withProjectRoute<{ slug: string; id: string }, typeof editBodySchema>({ permission: "review:label", body: editBodySchema }, ({ actor, access, params, body }) =>
  editLabel({ projectSlug: access.project.slug, actor, labelId: params.id, values: body.values }),
);

export const GET = withProjectRoute<{ slug: string; id: string }>({ permission: "project:read" }, async ({ actor, access, params }) => ({
  revisions: await listLabelHistory({ projectSlug: access.project.slug, actor, labelId: params.id }),
}));
