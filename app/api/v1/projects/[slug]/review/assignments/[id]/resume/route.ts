// POST: lease one open assignment of the reviewer's again and return its item (after a reload,
// so the picks kept in the browser come back on their own item).
import { withProjectRoute } from "@/lib/server/http/project-route";
import { resumeAssignment } from "@/lib/server/review/workspace";

export const dynamic = "force-dynamic";

export const POST = withProjectRoute<{ slug: string; id: string }>({ permission: "review:label" }, async ({ actor, access, params }) => ({
  item: await resumeAssignment({ projectSlug: access.project.slug, actor, assignmentId: params.id }),
}));
