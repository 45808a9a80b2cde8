import Link from "next/link";
import { PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getAgreementReport, TREND_REPLICATES } from "@/lib/server/review/agreement";
import { BOOTSTRAP_REPLICATES } from "@/lib/review/agreement-report";
import { ConfusionMatrices, ReviewerDrift, ReviewerQualityTable } from "@/components/agreement/reviewer-quality";
import { AlphaOverview, AlphaTrend, DimensionCard, pct } from "./dimension-agreement";

export const metadata = { title: "Agreement" };
export const dynamic = "force-dynamic";

export default async function AgreementPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ audit?: string }> }) {
  const { slug } = await params;
  const { audit: auditId } = await searchParams;
  const { actor } = await requireProjectPage(slug, "agreement:read");
  const report = await getAgreementReport({ actor, projectSlug: slug, auditId: typeof auditId === "string" ? auditId : null });
  const names = new Map(report.reviewers.map((r) => [r.reviewerId, r.name]));
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
          <AlphaOverview dimensions={report.dimensions} />
          <div className="grid gap-4 xl:grid-cols-2">
            {report.dimensions.map((d) => <DimensionCard key={d.key} d={d} names={names} overlapShare={report.audit!.overlapShare} />)}
          </div>
          <AlphaTrend trend={report.trend} audits={report.audits.length} />
          <ReviewerQualityTable reviewers={report.reviewers} />
          <ReviewerDrift reviewers={report.reviewers} />
          <ConfusionMatrices reviewers={report.reviewers} />
        </div>
      ) : null}
    </>
  );
}
