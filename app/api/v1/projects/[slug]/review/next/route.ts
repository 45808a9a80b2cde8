// POST: claim the next item of the signed-in reviewer's queue (leased). While blind review is on
// the item never carries other reviewers' labels.
import { withProjectRoute } from "@/lib/server/http/project-route";
import { claimNextAssignment } from "@/lib/server/review/labels";

export const dynamic = "force-dynamic";

export const POST = withProjectRoute<{ slug: string }>({ permission: "review:label" }, ({ actor, access }) => claimNextAssignment({ projectSlug: access.project.slug, actor }));
