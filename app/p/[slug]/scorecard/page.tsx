import Link from "next/link";
import { ScorecardAnalysisSection } from "./analysis-section";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { can } from "@/lib/auth/permissions";
import { catalogueFor, getScorecard, type ScorecardMetricView } from "@/lib/server/scorecard/scorecard";
import { formatMetricValue, type MetricStatus } from "@/lib/scorecard/status";
import { TrendChart, type TrendPoint } from "./trend-chart";
import { AddMetricForm, MetricSettingsForm, PrintButton, RemoveMetricButton } from "./metric-forms";

export const metadata = { title: "Scorecard" };

const STATUS: Record<MetricStatus, { label: string; style: string }> = {
  within: { label: "Within threshold", style: "bg-emerald-100 text-emerald-800" },
  rising: { label: "Rising", style: "bg-amber-100 text-amber-900" },
  critical: { label: "Critical", style: "bg-red-100 text-red-800" },
  no_data: { label: "No data", style: "bg-slate-100 text-slate-600" },
};

function pValue(p: number | null | undefined) {
  if (p === null || p === undefined) return "";
  return p < 0.001 ? "p < 0.001" : `p = ${p.toFixed(3)}`;
}

function MetricCard({ metric, canEdit, others }: { metric: ScorecardMetricView; canEdit: boolean; others: { id: string; label: string }[] }) {
  const latest = metric.latest;
  const status = STATUS[latest?.status ?? "no_data"];
  const unit = metric.spec.unit;
  const fmt = (x: number | null | undefined) => (x === null || x === undefined ? "—" : formatMetricValue(x, unit));
  const points: TrendPoint[] = metric.weeks.map((w) => ({
    week: w.week,
    value: w.value,
    band: w.lower !== null && w.lower !== undefined && w.upper !== null && w.upper !== undefined ? [w.lower, w.upper] : null,
    tooFew: w.evaluation.tooFewReviews,
    provisional: w.provisional,
  }));
  const baseline = latest?.baseline?.value ?? (metric.spec.baseline?.kind === "fixed" ? metric.spec.baseline.value : null);
  return (
    <section className="break-inside-avoid rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby={`m-${metric.id}`}>
      <header className="flex items-start justify-between gap-3">
        <div>
          <h2 id={`m-${metric.id}`} className="text-sm font-semibold text-slate-900" title={metric.description}>{metric.label}</h2>
          <p className="text-xs text-slate-500">{metric.spec.direction === "lower_is_better" ? "Lower is better" : "Higher is better"}{metric.source.kind === "population" ? ` · every output, no sampling${metric.weeks.at(-1)?.restsOn ? ` (${metric.weeks.at(-1)!.restsOn!.count.toLocaleString("en")} ${metric.weeks.at(-1)!.restsOn!.of} in ${metric.weeks.at(-1)!.week})` : ""}` : " · stratified sample, 95 % CI"}</p>
        </div>
        <span className={`shrink-0 rounded px-2 py-0.5 text-xs font-medium ${status.style}`} data-testid={`status-${metric.key}`}>{status.label}</span>
      </header>
      <div className="mt-2 flex flex-wrap items-baseline gap-x-3">
        <span className="text-2xl font-semibold tabular-nums">{fmt(latest?.value)}</span>
        {latest?.lower !== null && latest?.lower !== undefined ? <span className="text-sm tabular-nums text-slate-600">({fmt(latest.lower)} – {fmt(latest.upper)})</span> : null}
        <span className="text-xs text-slate-500">{latest?.week}</span>
      </div>
      <p className="mt-1 text-xs text-slate-700" data-testid={`reason-${metric.key}`}>{latest?.reason ?? "No audited week yet."}</p>
      {latest?.change ? (
        <p className="text-xs text-slate-500">
          Change from the previous week: {latest.change.difference >= 0 ? "+" : ""}{unit === "fraction" ? `${(latest.change.difference * 100).toFixed(2)} points` : formatMetricValue(latest.change.difference, unit)} {latest.change.pValue !== null ? `(${pValue(latest.change.pValue)}, ${latest.change.method})` : ""}
        </p>
      ) : null}
      {metric.pair ? <p className="mt-1 text-xs font-medium text-slate-700">Guardrail pair with {metric.pair.guardrailLabel}: {metric.pair.status.replace(/_/g, " ")}. {metric.pair.reason}</p> : null}
      <div className="mt-2"><TrendChart points={points} unit={unit} baseline={baseline} threshold={metric.spec.threshold} label={metric.label} /></div>
      <details className="mt-1 text-xs">
        <summary className="cursor-pointer text-indigo-700">Definition and weekly numbers</summary>
        <p className="mt-1 text-slate-700">{metric.description}</p>
        <table className="mt-2 w-full text-left tabular-nums" aria-label={`${metric.label} by week`}>
          <thead><tr className="text-slate-500"><th>Week</th><th>Value</th><th>95 % CI</th><th>{metric.source.kind === "population" ? "Rests on" : "Reviewed"}</th><th>Status</th></tr></thead>
          <tbody>
            {[...metric.weeks].reverse().map((w) => (
              <tr key={w.week} className="border-t border-slate-100">
                <td>{w.week}{w.provisional ? " (open)" : ""}</td>
                <td>{fmt(w.value)}</td>
                <td>{w.lower !== null && w.lower !== undefined ? `${fmt(w.lower)} – ${fmt(w.upper)}` : "—"}</td>
                <td>{w.restsOn ? `${w.restsOn.count.toLocaleString("en")} ${w.restsOn.of}` : w.reviewed !== null ? `${w.reviewed}${w.evaluation.tooFewReviews ? " (too few)" : ""}` : "—"}</td>
                <td>{STATUS[w.evaluation.status].label}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
      {canEdit ? (
        <details className="mt-2 print:hidden">
          <summary className="cursor-pointer text-xs font-medium text-indigo-700">Threshold, baseline and guardrail</summary>
          <div className="mt-2 space-y-3">
            <MetricSettingsForm metric={{ id: metric.id, label: metric.label, unit, threshold: metric.spec.threshold, baseline: metric.spec.baseline, guardrailMetricId: metric.guardrailMetricId }} others={others} />
            <RemoveMetricButton metricId={metric.id} label={metric.label} />
          </div>
        </details>
      ) : null}
    </section>
  );
}

export default async function ScorecardPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, ...access } = await requireProjectPage(slug, "scorecard:read");
  const { project } = access;
  const canEdit = can(access, "scorecard:edit");
  const scorecard = await getScorecard({ actor, projectSlug: slug });
  const catalogue = canEdit ? await catalogueFor(project.id) : [];
  const onCard = new Set(scorecard.metrics.map((m) => m.key));
  const latest = scorecard.weeks.at(-1);
  const flagged = scorecard.metrics.filter((m) => m.latest?.status === "rising" || m.latest?.status === "critical");
  return (
    <>
      <PageHeader
        title="Scorecard"
        description={
          latest ? (
            <>The team&apos;s shared numbers, one definition each, over {scorecard.weeks.length} audited weeks (latest {latest.week}{latest.provisional ? `, still open: ${latest.reviewed} of ${latest.sampled} reviewed, provisional` : ""}). Bands are 95 % intervals; hollow points are weeks with too few reviews or still open. <Link className="underline print:hidden" href={`/p/${slug}/alerts`}>Alerts</Link></>
          ) : (
            "No audited week yet: the scorecard fills in once the first weekly sample is reviewed."
          )
        }
        actions={<PrintButton />}
      />
      {flagged.length ? (
        <p role="status" className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
          {flagged.map((m) => `${m.label}: ${STATUS[m.latest!.status].label.toLowerCase()}`).join(" · ")}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-4 xl:grid-cols-2 print:grid-cols-2">
        {scorecard.metrics.map((m) => (
          <MetricCard key={m.id} metric={m} canEdit={canEdit} others={scorecard.metrics.filter((o) => o.id !== m.id).map((o) => ({ id: o.id, label: o.label }))} />
        ))}
      </div>
      <ScorecardAnalysisSection actor={actor} projectSlug={slug} />
      {canEdit ? (
        <div className="mt-6 print:hidden">
          <Card title="Add a metric">
            <AddMetricForm available={catalogue.filter((m) => !onCard.has(m.key)).map((m) => ({ key: m.key, label: m.label, description: m.description }))} />
          </Card>
        </div>
      ) : null}
    </>
  );
}
