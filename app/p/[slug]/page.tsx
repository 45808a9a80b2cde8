import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { roleHasPermission } from "@/lib/auth/permissions";
import { summarizeOutputs } from "@/lib/server/outputs/summary";
import { NextSteps } from "./next-steps";

export default async function ProjectOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project, role } = await requireProjectPage(slug, "project:read");
  const canSeeOutputs = actor.isInstanceAdmin || (role !== null && roleHasPermission(role, "outputs:read"));
  if (!canSeeOutputs) {
    return (
      <>
        <PageHeader title={project.name} description="You review outputs in this project." />
        <NextSteps actor={actor} role={role} projectSlug={slug} />
      </>
    );
  }
  const summary = await summarizeOutputs({ actor, projectSlug: slug });
  const maxWeek = Math.max(1, ...summary.weeks.map((w) => w.count));
  return (
    <>
      <PageHeader title={project.name} description={`Logged outputs in this project, by week (UTC) and by task type. Time zone: ${project.timeZone}.`} />
      <div className="mb-4"><NextSteps actor={actor} role={role} projectSlug={slug} /></div>
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Logged outputs">
          <p className="text-3xl font-semibold" data-testid="output-total">{summary.total.toLocaleString("en")}</p>
          <p className="mt-1 text-xs text-slate-500">{summary.latest ? `Latest ${summary.latest.slice(0, 16).replace("T", " ")} UTC` : "Nothing ingested yet."}</p>
        </Card>
        <div className="md:col-span-2">
          <Card title="Per week">
            {summary.weeks.length === 0 ? (
              <p className="text-sm text-slate-500">No outputs yet. <Link className="text-indigo-700 underline" href={`/p/${slug}/settings/api-keys`}>Create an API key</Link> to send some.</p>
            ) : (
              <ul className="space-y-1">
                {summary.weeks.map((w) => (
                  <li key={w.weekStart} className="flex items-center gap-2 text-xs">
                    <span className="w-20 text-slate-600">{w.weekStart}</span>
                    <span className="h-3 rounded bg-indigo-400" style={{ width: `${(w.count / maxWeek) * 70}%` }} />
                    <span className="tabular-nums text-slate-700">{w.count.toLocaleString("en")}</span>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
      <div className="mt-4">
        <Card title="Task types">
          <table className="text-sm">
            <tbody>
              {summary.taskTypes.map((t) => (
                <tr key={t.taskType}>
                  <td className="pr-6 text-slate-700">{t.taskType}</td>
                  <td className="text-right tabular-nums">{t.count.toLocaleString("en")}</td>
                  <td className="pl-4 text-right text-xs text-slate-500">{((t.count / Math.max(1, summary.total)) * 100).toFixed(1)} %</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  );
}
