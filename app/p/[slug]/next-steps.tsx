import Link from "next/link";
import { Card } from "@/components/ui";
import { can, roleCan, type Permission } from "@/lib/auth/permissions";
import type { ProjectAccess } from "@/lib/server/auth/authorize";
import type { UserActor } from "@/lib/server/auth/actor";
import { getNextStepsState } from "@/lib/server/projects/next-steps";
import { nextSteps } from "@/lib/projects/next-steps";

/** The overview's "what to do next": the steps this user can take now, most urgent first. */
export async function NextSteps({ actor, access, projectSlug }: { actor: UserActor; access: ProjectAccess; projectSlug: string }) {
  // A member is guided by their role; an instance admin who is not a member, by everything.
  const may = (permission: Permission) => (access.role !== null ? roleCan(access, permission) : can(access, permission));
  const state = await getNextStepsState({ actor, projectSlug });
  const steps = nextSteps(
    state,
    { ingest: may("apiKeys:manage"), editPlan: may("plan:edit"), draw: may("audits:draw"), label: may("review:label"), manageReview: may("review:manage"), adjudicate: may("adjudication:decide") },
    `/p/${projectSlug}`,
  );
  return (
    <Card title="What to do next">
      <ul className="space-y-2 text-sm" data-testid="next-steps">
        {steps.map((step) => (
          <li key={step.key} className="flex flex-wrap items-center justify-between gap-2">
            <span className="text-slate-700">{step.text}</span>
            {step.action ? <Link href={step.href} className="font-medium text-indigo-700 hover:underline">{step.action} →</Link> : null}
          </li>
        ))}
      </ul>
    </Card>
  );
}
