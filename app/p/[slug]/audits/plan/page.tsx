import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { getCurrentPlan, getLastWeekPopulations, listPlanVersions } from "@/lib/server/audits/plans";
import { PlanEditor } from "./plan-editor";
import { JudgeBudgetNote } from "./judge-budget-note";
import { formatDate, formatDateTimeWithZone } from "@/lib/format/dates";

export const metadata = { title: "Audit plan" };

export default async function AuditPlanPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project } = await requireProjectPage(slug, "plan:read");
  const [{ plan, spec }, versions, canEdit] = await Promise.all([
    getCurrentPlan({ actor, projectSlug: slug }),
    listPlanVersions({ actor, projectSlug: slug }),
    canInProject(actor, slug, "plan:edit"),
  ]);
  const lastWeek = await getLastWeekPopulations({ actor, projectSlug: slug, stratifyBy: spec.stratifyBy });
  return (
    <>
      <PageHeader
        title="Audit plan"
        description={plan ? `Version ${plan.version}, saved ${formatDate(plan.createdAt, project.timeZone)}. Every save is a new version; drawn audits keep the version they used.` : "No plan saved yet: the default below is used (and saved as version 1) at the first draw."}
        actions={<Link href={`/p/${slug}/audits`} className="text-sm font-medium text-indigo-700 hover:underline">← Audits</Link>}
      />
      <PlanEditor initial={spec} canEdit={canEdit} lastWeek={lastWeek} />
      <JudgeBudgetNote actor={actor} projectSlug={slug} />
      {versions.length > 0 ? (
        <div className="mt-6">
          <Card title="Versions">
            <ul className="text-sm text-slate-700">
              {versions.map((v) => <li key={v.id}>v{v.version} · {v.method} · {v.allocation} · {formatDateTimeWithZone(v.createdAt, project.timeZone)}</li>)}
            </ul>
          </Card>
        </div>
      ) : null}
    </>
  );
}
