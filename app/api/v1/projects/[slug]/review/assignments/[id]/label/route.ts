// POST: submit the label of an assignment; the response carries the next claimed item too.
import { withProjectRoute } from "@/lib/server/http/project-route";
import { submitLabel } from "@/lib/server/review/labels";
import { submitBodySchema } from "../../../schema";

export const dynamic = "force-dynamic";

export const POST = withProjectRoute<{ slug: string; id: string }, typeof submitBodySchema>({ permission: "review:label", body: submitBodySchema }, ({ actor, access, params, body }) =>
  submitLabel({ projectSlug: access.project.slug, actor, assignmentId: params.id, values: body.values, timeSpentMs: body.timeSpentMs, claimNext: body.next }),
);
