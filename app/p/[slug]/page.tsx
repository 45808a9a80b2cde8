import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { can } from "@/lib/auth/permissions";
import { summarizeOutputs } from "@/lib/server/outputs/summary";
import { NextSteps } from "./next-steps";
import { listNextSteps } from "@/lib/server/outputs/next-steps";
import { ToolReliabilityTable, WeeklyPopulationTable } from "./weekly-population-table";

export default async function ProjectOverviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, ...access } = await requireProjectPage(slug, "project:read");
  const { project } = access;
  const canSeeOutputs = can(access, "outputs:read");
  if (!canSeeOutputs) {
    return (
      <>
        <PageHeader title={project.name} description="You review outputs in this project." />
        <NextSteps actor={actor} access={access} projectSlug={slug} />
      </>
    );
  }
  const summary = await summarizeOutputs({ actor, projectSlug: slug });
  const nextSteps = await listNextSteps({ actor, projectSlug: slug, weeks: summary.weeks.slice(0, summary.lastCompleteWeek + 1) });
  return (
    <>
      <PageHeader title={project.name} description={`Every logged output of this project, per ISO week in the project's time zone (${summary.timeZone}), from the hourly rollup.`} />
      <div className="mb-4"><NextSteps actor={actor} access={access} projectSlug={slug} /></div>
      <div className="grid gap-4 md:grid-cols-3">
        <Card title="Logged outputs">
          <p className="text-3xl font-semibold" data-testid="output-total">{summary.total.toLocaleString("en")}</p>
          <p className="mt-1 text-xs text-slate-500">{summary.latest ? `Latest ${summary.latest.slice(0, 16).replace("T", " ")} UTC` : "Nothing ingested yet."}</p>
          <p className="mt-2 text-sm"><Link className="text-indigo-700 underline" href={`/p/${slug}/outputs`}>Explore the outputs</Link></p>
        </Card>
        <div className="md:col-span-2">
          <Card title="Audits and population checks">
            {nextSteps.length === 0 ? (
              <p className="text-sm text-slate-500">Nothing waiting: no open audit, and last week&apos;s checks are within bounds.</p>
            ) : (
              <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="population-steps">
                {nextSteps.map((step) => (
                  <li key={step.text}>{step.href ? <Link className="text-indigo-700 underline" href={step.href}>{step.text}</Link> : step.text}</li>
                ))}
              </ul>
            )}
          </Card>
        </div>
      </div>
      <div className="mt-4">
        <Card title="Per week">
          {summary.weeks.length === 0 ? (
            <p className="text-sm text-slate-500">No outputs yet. <Link className="text-indigo-700 underline" href={`/p/${slug}/settings/api-keys`}>Create an API key</Link> to send some.</p>
          ) : (
            <WeeklyPopulationTable weeks={summary.weeks} />
          )}
        </Card>
      </div>
      <div className="mt-4 grid gap-4 md:grid-cols-2">
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
        {summary.tools.length ? (
          <div className="md:col-span-2">
            <Card title={`Agent tool calls, ${summary.weeks[summary.lastCompleteWeek]?.week ?? ""}`}>
              <ToolReliabilityTable tools={summary.tools} />
            </Card>
          </div>
        ) : null}
        <Card title="Models">
          <table className="text-sm">
            <thead><tr className="text-left text-xs text-slate-500"><th className="pr-6">Model</th><th className="pr-4 text-right">Outputs</th><th className="pr-4 text-right">Last week</th><th className="text-right">p95 latency</th></tr></thead>
            <tbody>
              {summary.models.map((m) => (
                <tr key={m.model}>
                  <td className="pr-6 text-slate-700">{m.model}</td>
                  <td className="pr-4 text-right tabular-nums">{m.count.toLocaleString("en")}</td>
                  <td className="pr-4 text-right tabular-nums">{m.lastWeek.toLocaleString("en")}</td>
                  <td className="text-right tabular-nums">{m.p95LatencyMs === null ? "—" : `${Math.round(m.p95LatencyMs).toLocaleString("en")} ms`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      </div>
    </>
  );
}
