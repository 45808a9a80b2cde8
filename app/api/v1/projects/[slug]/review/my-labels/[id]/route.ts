// GET: one of the signed-in reviewer's labels with its item, the rubric to edit it under and its
// history (the workspace's "previous item" panel; 404 for anyone else's label).
import { withProjectRoute } from "@/lib/server/http/project-route";
import { getMyLabel } from "@/lib/server/review/my-labels";

export const dynamic = "force-dynamic";

export const GET = withProjectRoute<{ slug: string; id: string }>({ permission: "review:label" }, ({ actor, access, params }) =>
  getMyLabel({ projectSlug: access.project.slug, actor, labelId: params.id }),
);
