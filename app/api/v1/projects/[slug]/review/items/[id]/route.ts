// GET: one sampled item as the actor may see it (blind-aware: other labels are null while the
// actor's own assignment on it is open and blind review is on).
import { withProjectRoute } from "@/lib/server/http/project-route";
import { getReviewItem } from "@/lib/server/review/labels";

export const dynamic = "force-dynamic";

export const GET = withProjectRoute<{ slug: string; id: string }>({ permission: "project:read" }, ({ actor, access, params }) =>
  getReviewItem({ projectSlug: access.project.slug, actor, sampledItemId: params.id }),
);
