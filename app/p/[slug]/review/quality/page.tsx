import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getMyReviewerQuality } from "@/lib/server/review/agreement";
import { ConfusionMatrix, DriftFigure } from "@/components/agreement/reviewer-quality";

export const metadata = { title: "My agreement with gold" };
export const dynamic = "force-dynamic";

const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

// A reviewer's own figures only: how often their labels match the gold label, per dimension.
export default async function MyQualityPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "review:label");
  const { audit, quality, drift } = await getMyReviewerQuality({ actor, projectSlug: slug });
  return (
    <>
      <PageHeader title="My agreement with gold" description={audit ? <>Audit <span className="font-mono">{audit.week}</span>, the latest you labelled in. Gold that is nothing but your own single label is left out.</> : "You have not labelled anything yet."} />
      {quality ? (
        <Card title={`${quality.labels} label(s)${quality.medianSeconds !== null ? `, median ${Math.round(quality.medianSeconds)} s per item` : ""}`}>
          <table className="w-full text-left text-sm" data-testid="my-quality">
            <caption className="sr-only">Your labels against gold, per dimension</caption>
            <thead className="text-xs text-slate-500"><tr><th className="px-2 py-1 font-medium">Dimension</th><th className="px-2 py-1 font-medium">Match with gold</th><th className="px-2 py-1 font-medium">95 % interval (Wilson)</th><th className="px-2 py-1 font-medium">Compared</th><th className="px-2 py-1 font-medium">κ vs gold</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {quality.dimensions.map((d) => (
                <tr key={d.key}>
                  <th scope="row" className="px-2 py-1 font-normal">{d.label}</th>
                  <td className="px-2 py-1 font-mono">{d.matchShare ? pct(d.matchShare.estimate) : "—"}</td>
                  <td className="px-2 py-1 font-mono text-slate-600">{d.matchShare ? `${pct(d.matchShare.lower)} – ${pct(d.matchShare.upper)}` : ""}</td>
                  <td className="px-2 py-1">{d.compared}</td>
                  <td className="px-2 py-1 font-mono">{d.kappa ? `${d.kappa.estimate.toFixed(2)} (${d.kappa.lower.toFixed(2)} – ${d.kappa.upper.toFixed(2)})` : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
      ) : null}
      {quality ? (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          <Card title="Your confusion with gold">
            <div className="flex flex-wrap gap-6">
              {quality.dimensions.filter((d) => d.confusion && d.compared > 0).map((d) => <ConfusionMatrix key={d.key} quality={d} reviewerName="you" />)}
            </div>
          </Card>
          <Card title={`Your agreement with gold over the last ${drift.length} week(s)`}>
            <DriftFigure name="All dimensions pooled" drift={drift} />
          </Card>
        </div>
      ) : null}
    </>
  );
}
