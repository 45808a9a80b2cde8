import Link from "next/link";
import { Card } from "@/components/ui";
import { roleHasPermission, type Permission, type ProjectRole } from "@/lib/auth/permissions";
import type { UserActor } from "@/lib/server/auth/actor";
import { getNextStepsState } from "@/lib/server/projects/next-steps";
import { nextSteps } from "@/lib/projects/next-steps";

/** The overview's "what to do next": the steps this user can take now, most urgent first. */
export async function NextSteps({ actor, role, projectSlug }: { actor: UserActor; role: ProjectRole | null; projectSlug: string }) {
  const can = (permission: Permission) => (role !== null ? roleHasPermission(role, permission) : actor.isInstanceAdmin);
  const state = await getNextStepsState({ actor, projectSlug });
  const steps = nextSteps(
    state,
    { ingest: can("apiKeys:manage"), editPlan: can("plan:edit"), draw: can("audits:draw"), label: can("review:label"), manageReview: can("review:manage"), adjudicate: can("adjudication:decide") },
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
