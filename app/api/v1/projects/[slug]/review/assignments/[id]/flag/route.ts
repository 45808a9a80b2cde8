// POST { reason }: ask a QA lead to look at an item; it stays on the reviewer's queue.
import { withProjectRoute } from "@/lib/server/http/project-route";
import { flagAssignment } from "@/lib/server/review/skip-flag";
import { reasonBodySchema } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = withProjectRoute<{ slug: string; id: string }, typeof reasonBodySchema>({ permission: "review:label", body: reasonBodySchema }, ({ actor, access, params, body }) =>
  flagAssignment({ projectSlug: access.project.slug, actor, assignmentId: params.id, reason: body.reason }),
);
