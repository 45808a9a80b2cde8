// POST { reason }: give an open item up; it leaves the reviewer's queue and waits for a QA lead.
import { withProjectRoute } from "@/lib/server/http/project-route";
import { skipAssignment } from "@/lib/server/review/skip-flag";
import { reasonBodySchema } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = withProjectRoute<{ slug: string; id: string }, typeof reasonBodySchema>({ permission: "review:label", body: reasonBodySchema }, ({ actor, access, params, body }) =>
  skipAssignment({ projectSlug: access.project.slug, actor, assignmentId: params.id, reason: body.reason }),
);
