// Issue 18 on the scorecard, in its own file: the judge-assisted estimates of the latest weeks
// beside the human-only ones, and the latest week's cohort comparison.
import { Card } from "@/components/ui";
import type { Actor } from "@/lib/server/auth/actor";
import { getScorecardAnalysis } from "@/lib/server/judge/scorecard";
import { widthRatioText } from "../audits/[auditId]/results/judge-assisted-section";
import { CohortSection } from "../audits/[auditId]/results/cohort-section";

const pct = (x: number) => `${(Math.min(1, Math.max(0, x)) * 100).toFixed(2)} %`;

export async function ScorecardAnalysisSection({ actor, projectSlug }: { actor: Actor; projectSlug: string }) {
  const { weeks, cohorts } = await getScorecardAnalysis({ actor, projectSlug });
  if (weeks.length === 0 && !cohorts) return null;
  const dimensions = [...new Map(weeks.flatMap((w) => w.views.map((v) => [v.dimension.key, v.dimension.label] as const))).entries()];
  return (
    <div className="mt-6 space-y-4">
      {dimensions.map(([key, label]) => (
        <Card key={key} title={`${label}: judge-assisted beside human-only (95 %)`}>
          <table className="w-full text-left text-sm tabular-nums" aria-label={`${label}: judge-assisted by week`}>
            <thead><tr className="text-xs text-slate-500"><th>Week</th><th>Human only</th><th>Judge-assisted</th><th>Width</th><th>ρ judge vs gold</th></tr></thead>
            <tbody>
              {weeks.map((w) => {
                const v = w.views.find((x) => x.dimension.key === key);
                const r = v?.result;
                return (
                  <tr key={w.week} className="border-t border-slate-100" data-testid="scorecard-judge-row">
                    <td>{w.week}</td>
                    <td>{r?.humanOnly ? `${pct(r.humanOnly.rate)} (${pct(r.humanOnly.lower)} – ${pct(r.humanOnly.upper)})` : "—"}</td>
                    <td className="font-semibold">{r?.assisted ? `${pct(r.assisted.rate)} (${pct(r.assisted.lower)} – ${pct(r.assisted.upper)})` : "—"}</td>
                    <td className="font-sans text-slate-700">{r ? (widthRatioText(r.widthRatio) ?? "—") : "—"}</td>
                    <td>{r?.correlation == null ? "—" : r.correlation.toFixed(2)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="mt-2 text-xs text-slate-500">Regression estimator on the judge&apos;s verdict over every output of the week, its bias corrected by the human sample (details on each audit&apos;s results page).</p>
        </Card>
      ))}
      {cohorts ? <CohortSection report={cohorts} title={`Cohorts in ${cohorts.week} by ${cohorts.key}: compared with ${cohorts.baseline}`} /> : null}
    </div>
  );
}
