import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { listAudits } from "@/lib/server/audits/audits";
import { getCurrentPlan } from "@/lib/server/audits/plans";
import { isoWeekAt, lastClosedWeek } from "@/lib/audits/week";
import { describeTimeZone, formatDate, formatRelative } from "@/lib/format/dates";
import { AuditsTable, DrawForm } from "./audit-forms";

export const metadata = { title: "Audits" };

export default async function AuditsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project } = await requireProjectPage(slug, "audits:read");
  const [audits, canDraw, canPlan] = await Promise.all([
    listAudits({ actor, projectSlug: slug }),
    canInProject(actor, slug, "audits:draw"),
    canInProject(actor, slug, "plan:read"),
  ]);
  const plan = canPlan ? await getCurrentPlan({ actor, projectSlug: slug }) : null;
  const now = new Date();
  const tz = project.timeZone;
  const rows = audits.map((a) => {
    const relative = a.status === "open" ? formatRelative(a.dueAt, now) : null;
    return {
      ...a,
      weekStart: a.weekStart.toISOString(),
      weekEnd: a.weekEnd.toISOString(),
      dueAt: a.dueAt.toISOString(),
      dueText: `${formatDate(a.dueAt, tz)}${relative ? ` (${relative})` : ""}`,
      drawnAt: a.drawnAt.toISOString(),
    };
  });
  return (
    <>
      <PageHeader
        title="Audits"
        description={`One audit per ISO week, drawn by the plan in force when the week closed. Weeks and dates in ${describeTimeZone(tz, now)}.`}
        actions={canPlan ? <Link href={`/p/${slug}/audits/plan`} className="text-sm font-medium text-indigo-700 hover:underline">Audit plan{plan?.plan ? ` (v${plan.plan.version})` : " (default)"} →</Link> : null}
      />
      <div className="space-y-6">
        <Card title={`Weekly audits (${audits.length})`}>
          <AuditsTable projectSlug={slug} audits={rows} />
        </Card>
        {canDraw ? (
          <Card title="Draw a week">
            <DrawForm currentWeek={isoWeekAt(now, project.timeZone)} lastClosed={lastClosedWeek(now, project.timeZone, plan?.spec.graceHours ?? 24)} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
