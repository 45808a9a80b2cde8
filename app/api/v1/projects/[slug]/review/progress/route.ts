// GET: the signed-in reviewer's progress per open audit ("12 of 40 in week 2026-W47").
import { withProjectRoute } from "@/lib/server/http/project-route";
import { getReviewProgress } from "@/lib/server/review/workspace";

export const dynamic = "force-dynamic";

export const GET = withProjectRoute<{ slug: string }>({ permission: "review:label" }, async ({ actor, access }) => ({
  audits: await getReviewProgress({ projectSlug: access.project.slug, actor }),
}));
