// Cohort comparison of the audited week (issue 18 §3): each cohort against the baseline, with
// the stratified difference, its interval and p-value (compareCohorts), and a chart of the
// differences with their intervals (data table beside it).
import { Card } from "@/components/ui";
import { IntervalBarChart } from "@/components/charts/interval-charts";
import type { CohortReport } from "@/lib/server/cohorts/cohorts";

const pct = (x: number) => `${(x * 100).toFixed(Math.abs(x) < 0.1 ? 2 : 1)} %`;
const pp = (x: number) => `${x >= 0 ? "+" : "−"}${(Math.abs(x) * 100).toFixed(2)} pp`;

export function CohortSection({ report, title }: { report: CohortReport | null; title?: string }) {
  if (!report) return null;
  const shown = report.comparisons.filter((c) => c.result !== null);
  // One small chart per compared cohort, its metrics side by side (short labels stay readable).
  const compared = [...new Set(shown.map((c) => c.cohort))];
  const chartOf = (cohort: string) => shown.filter((c) => c.cohort === cohort).map((c) => ({ name: c.metric.label, estimate: c.result!.difference, lower: c.result!.lower, upper: c.result!.upper }));
  const all = compared.flatMap(chartOf);
  const lo = Math.min(-0.01, ...all.map((p) => p.lower));
  const hi = Math.max(0.01, ...all.map((p) => p.upper));
  return (
    <Card title={title ?? `Cohorts by ${report.key}: compared with ${report.baseline}`}>
      <section aria-label="Cohort comparison" data-testid="cohort-comparison">
        <p className="mb-2 max-w-3xl text-sm text-slate-600">
          Each cohort&apos;s stratified rate minus the baseline&apos;s, in the same week and strata (independent samples, SE = √(SE²<sub>a</sub> + SE²<sub>b</sub>), two-sided normal p-value). Cohorts: {report.cohorts.map((c) => `${c.value || "(none)"} ${c.outputs.toLocaleString("en")} outputs, ${c.reviewed} reviewed`).join(" · ")}.
        </p>
        {shown.length === 0 ? (
          <p className="text-sm text-slate-600">No cohort has at least 2 reviewed items in a stratum the baseline also has: nothing to compare yet.</p>
        ) : (
          <div className="grid gap-4 lg:grid-cols-2">
            <div className="space-y-3">
              {compared.map((cohort) => (
                <div key={cohort}>
                  <h3 className="text-xs font-semibold text-slate-700">{cohort} minus {report.baseline} (difference with 95 % interval)</h3>
                  <IntervalBarChart points={chartOf(cohort)} domain={[Math.floor(lo * 100) / 100, Math.ceil(hi * 100) / 100]} thresholds={[{ value: 0, label: "no difference" }]} height={200} valueFormat="percentagePoints" />
                </div>
              ))}
            </div>
            <table className="text-sm" aria-label="Cohort differences">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1 pr-2">Cohort</th><th className="pr-2">Rate</th><th className="pr-2">{report.baseline}</th><th className="pr-2">Difference (95 % CI)</th><th>p</th></tr></thead>
              <tbody>
                {shown.map((c) => {
                  const r = c.result!;
                  const significant = r.pValue < 0.05;
                  return (
                    <tr key={`${c.cohort}-${c.metric.key}`} className="border-t border-slate-100" data-testid="cohort-row" data-cohort={c.cohort} data-metric={c.metric.key}>
                      <th scope="row" className="py-1 pr-2 text-left font-normal">{c.cohort}<div className="text-xs text-slate-500">{c.metric.label}</div></th>
                      <td className="pr-2 tabular-nums">{pct(r.rateB)}</td>
                      <td className="pr-2 tabular-nums">{pct(r.rateA)}</td>
                      <td className={`pr-2 tabular-nums ${significant ? "font-semibold text-red-800" : ""}`} data-testid="cohort-difference">{pp(r.difference)} ({pp(r.lower)} – {pp(r.upper)})</td>
                      <td className="tabular-nums">{r.pValue < 0.001 ? "< 0.001" : r.pValue.toFixed(3)}{r.leftOut.length ? <div className="text-xs text-slate-500">left out: {r.leftOut.join(", ")}</div> : null}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Card>
  );
}
