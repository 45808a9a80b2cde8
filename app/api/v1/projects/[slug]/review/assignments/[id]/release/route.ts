// POST: give an open item back to the queue (the tab closed); sent with navigator.sendBeacon.
import { withProjectRoute } from "@/lib/server/http/project-route";
import { releaseAssignment } from "@/lib/server/review/labels";

export const dynamic = "force-dynamic";

export const POST = withProjectRoute<{ slug: string; id: string }>({ permission: "review:label" }, async ({ actor, access, params }) => {
  await releaseAssignment({ projectSlug: access.project.slug, actor, assignmentId: params.id });
  return { released: true };
});
