import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { IntervalBarChart, IntervalTrendChart } from "@/components/charts/interval-charts";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getAgreementReport, TREND_REPLICATES } from "@/lib/server/review/agreement";
import { BOOTSTRAP_REPLICATES } from "@/lib/review/agreement-report";
import { ConfusionMatrices, ReviewerDrift, ReviewerQualityTable } from "@/components/agreement/reviewer-quality";
import { DimensionCard, EstimateCells, pct, THRESHOLDS } from "./dimension-agreement";

export const metadata = { title: "Agreement" };
export const dynamic = "force-dynamic";

export default async function AgreementPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ audit?: string }> }) {
  const { slug } = await params;
  const { audit: auditId } = await searchParams;
  const { actor } = await requireProjectPage(slug, "agreement:read");
  const report = await getAgreementReport({ actor, projectSlug: slug, auditId: typeof auditId === "string" ? auditId : null });
  const names = new Map(report.reviewers.map((r) => [r.reviewerId, r.name]));
  const shown = report.dimensions.filter((d) => !d.tooFew && d.alpha);
  return (
    <>
      <PageHeader
        title="Agreement"
        description={report.audit ? <>Audit <span className="font-mono">{report.audit.week}</span>: {report.audit.overlapItems} item(s) labelled by two or more reviewers ({pct(report.audit.overlapShare)} of {report.audit.sampleSize}). Intervals: seeded percentile bootstrap, {BOOTSTRAP_REPLICATES} resamples of items ({TREND_REPLICATES} in the trend).</> : "No audit yet."}
      />
      {report.audits.length > 1 ? (
        <nav aria-label="Audits" className="mb-4 flex flex-wrap gap-1 text-xs">
          {report.audits.map((a) => (
            <Link key={a.id} href={`/p/${slug}/agreement?audit=${a.id}`} aria-current={a.id === report.audit?.id ? "page" : undefined}
              className={`rounded px-2 py-1 ring-1 ${a.id === report.audit?.id ? "bg-indigo-600 text-white ring-indigo-600" : "bg-white text-slate-700 ring-slate-300"}`}>{a.week}</Link>
          ))}
        </nav>
      ) : null}
      {report.audit ? (
        <div className="space-y-6">
          {shown.length ? (
            <Card title="Krippendorff’s α by dimension, with 95 % intervals">
              <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
                <IntervalBarChart points={shown.map((d) => ({ name: d.label, estimate: d.alpha!.estimate, lower: d.alpha!.lower, upper: d.alpha!.upper }))} thresholds={THRESHOLDS} domain={[-0.2, 1]} />
                <table className="text-left text-sm" data-testid="alpha-table">
                  <caption className="sr-only">Krippendorff’s alpha per dimension</caption>
                  <thead className="text-xs text-slate-500"><tr><th className="px-2 py-1 font-medium">Dimension</th><th className="px-2 py-1 font-medium">α</th><th className="px-2 py-1 font-medium">95 % interval</th><th className="px-2 py-1 font-medium">n</th></tr></thead>
                  <tbody className="divide-y divide-slate-100">{shown.map((d) => <tr key={d.key}><th scope="row" className="px-2 py-1 font-normal">{d.label}</th><EstimateCells value={d.alpha} /></tr>)}</tbody>
                </table>
              </div>
            </Card>
          ) : null}
          <div className="grid gap-4 xl:grid-cols-2">
            {report.dimensions.map((d) => <DimensionCard key={d.key} d={d} names={names} overlapShare={report.audit!.overlapShare} />)}
          </div>
          <Card title={`α over the last ${report.audits.length} audit(s)`}>
            <div className="grid gap-4 md:grid-cols-2">
              {report.trend.map((t) => (
                <figure key={t.key} className="space-y-1">
                  <figcaption className="text-sm font-medium text-slate-800">{t.label}</figcaption>
                  <IntervalTrendChart points={t.points.map((p) => ({ name: p.week.replace(/^\d{4}-/, ""), estimate: p.alpha?.estimate ?? null, lower: p.alpha?.lower ?? null, upper: p.alpha?.upper ?? null }))} thresholds={THRESHOLDS} domain={[-0.2, 1]} />
                  <table className="w-full text-left text-xs">
                    <caption className="sr-only">α of {t.label} per audit</caption>
                    <thead className="text-slate-500"><tr><th className="px-1 font-medium">Week</th><th className="px-1 font-medium">α</th><th className="px-1 font-medium">95 % interval</th><th className="px-1 font-medium">Items</th></tr></thead>
                    <tbody>{t.points.map((p) => <tr key={p.auditId}><td className="px-1 font-mono">{p.week}</td>{p.alpha ? <EstimateCells value={p.alpha} /> : <><td className="px-1 text-slate-400" colSpan={2}>too few overlapping items</td><td className="px-1">{p.items}</td></>}</tr>)}</tbody>
                  </table>
                </figure>
              ))}
            </div>
          </Card>
          <ReviewerQualityTable reviewers={report.reviewers} />
          <ReviewerDrift reviewers={report.reviewers} />
          <ConfusionMatrices reviewers={report.reviewers} />
        </div>
      ) : null}
    </>
  );
}
