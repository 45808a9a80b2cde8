// Reviewers against gold: the per-reviewer table, confusion matrices and drift. Shared by the
// agreement page (every reviewer, QA leads) and a reviewer's own page (their row only). Plain
// figures in; the drift chart is Recharts (decision 015) with the same figures in a table beside it.
import { Card } from "@/components/ui";
import { IntervalTrendChart } from "@/components/charts/interval-charts";
import type { DriftPoint, ReviewerDimensionQuality, ReviewerQuality } from "@/lib/review/agreement-report";

const f2 = (v: number) => v.toFixed(2);
const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

type Named = ReviewerQuality & { name: string; drift: DriftPoint[] };

/** Dimensions any reviewer was compared with gold on (the others would be empty columns). */
function comparedDimensions(reviewers: ReviewerQuality[]): { key: string; label: string }[] {
  return (reviewers[0]?.dimensions ?? []).filter((d) => reviewers.some((r) => r.dimensions.find((x) => x.key === d.key)?.compared)).map((d) => ({ key: d.key, label: d.label }));
}

export function ReviewerQualityTable({ reviewers }: { reviewers: Named[] }) {
  const keys = comparedDimensions(reviewers);
  const labelOf = new Map(keys.map((k) => [k.key, k.label]));
  return (
    <Card title="Reviewers against gold">
      <p className="mb-2 text-xs text-slate-500">
        Share of each reviewer’s labels that match the gold label (Wilson 95 % interval) and Cohen’s κ against gold (bootstrap 95 % interval). Gold that is the reviewer’s own single label is left
        out. ⚑ below the team: the reviewer’s whole κ interval lies below the team’s median κ on that dimension.
      </p>
      <div className="overflow-x-auto">
        <table className="w-full text-left text-sm" data-testid="reviewer-table">
          <caption className="sr-only">Reviewer quality</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th className="px-2 py-1 font-medium">Reviewer</th>
              <th className="px-2 py-1 font-medium">Labels</th>
              <th className="px-2 py-1 font-medium">Median s / item</th>
              {keys.map((k) => <th key={k.key} className="px-2 py-1 font-medium">{k.label}: match · κ</th>)}
              <th className="px-2 py-1 font-medium">Below the team</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {reviewers.map((r) => (
              <tr key={r.reviewerId} data-testid="reviewer-row" data-flagged={r.flagged.length ? "true" : "false"}>
                <th scope="row" className="px-2 py-1 font-normal">{r.name}</th>
                <td className="px-2 py-1">{r.labels}</td>
                <td className="px-2 py-1">{r.medianSeconds === null ? "—" : Math.round(r.medianSeconds)}</td>
                {keys.map((k) => {
                  const q = r.dimensions.find((d) => d.key === k.key)!;
                  return (
                    <td key={k.key} className={`px-2 py-1 font-mono text-xs ${r.flagged.includes(k.key) ? "bg-red-50 text-red-800" : ""}`}>
                      {q.matchShare ? `${pct(q.matchShare.estimate)} (${pct(q.matchShare.lower)}–${pct(q.matchShare.upper)}) n=${q.compared}` : "—"}
                      {q.kappa ? ` · κ ${f2(q.kappa.estimate)} (${f2(q.kappa.lower)}–${f2(q.kappa.upper)})` : ""}
                    </td>
                  );
                })}
                <td className="px-2 py-1 text-xs" data-testid="reviewer-flag">
                  {r.flagged.length ? <span className="rounded bg-red-50 px-1.5 py-0.5 text-red-800 ring-1 ring-red-200">⚑ κ below the team on {r.flagged.map((k) => labelOf.get(k) ?? k).join(", ")}</span> : <span className="text-slate-400">—</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

/** Rows: what the reviewer said; columns: the gold value. The diagonal is agreement. */
export function ConfusionMatrix({ quality, reviewerName }: { quality: ReviewerDimensionQuality; reviewerName: string }) {
  const values = quality.confusionValues ?? [];
  const confusion = quality.confusion ?? {};
  const used = values.filter((v) => confusion[v.value] || values.some((w) => confusion[w.value]?.[v.value]));
  if (used.length === 0) return null;
  return (
    <table className="text-left text-xs" data-testid="confusion-matrix" data-key={quality.key}>
      <caption className="mb-1 text-left text-xs font-medium text-slate-700">{quality.label}: {reviewerName} (rows) × gold (columns)</caption>
      <thead className="text-slate-500">
        <tr>
          <th className="px-1.5 py-0.5 font-medium" scope="col"><span className="sr-only">Reviewer’s value</span></th>
          {used.map((g) => <th key={g.value} scope="col" className="px-1.5 py-0.5 font-medium">{g.label}</th>)}
        </tr>
      </thead>
      <tbody>
        {used.map((a) => (
          <tr key={a.value}>
            <th scope="row" className="px-1.5 py-0.5 font-normal text-slate-600">{a.label}</th>
            {used.map((g) => {
              const count = confusion[a.value]?.[g.value] ?? 0;
              return <td key={g.value} className={`px-1.5 py-0.5 text-right font-mono ${a.value === g.value ? "bg-emerald-50" : count ? "bg-red-50" : ""}`}>{count}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ConfusionMatrices({ reviewers }: { reviewers: Named[] }) {
  return (
    <Card title="Confusion with gold, per categorical dimension">
      <div className="space-y-2">
        {reviewers.map((r) => (
          <details key={r.reviewerId} open={r.flagged.length > 0} className="rounded border border-slate-200 px-3 py-2">
            <summary className="cursor-pointer text-sm text-slate-800">{r.name}{r.flagged.length ? " ⚑" : ""}</summary>
            <div className="mt-2 flex flex-wrap gap-6">
              {r.dimensions.filter((d) => d.confusion && d.compared > 0).map((d) => <ConfusionMatrix key={d.key} quality={d} reviewerName={r.name} />)}
            </div>
          </details>
        ))}
      </div>
    </Card>
  );
}

export function DriftFigure({ name, drift }: { name: string; drift: DriftPoint[] }) {
  return (
    <figure className="space-y-1" data-testid="reviewer-drift">
      <figcaption className="text-sm font-medium text-slate-800">{name}</figcaption>
      <IntervalTrendChart points={drift.map((p) => ({ name: p.week.replace(/^\d{4}-/, ""), estimate: p.share?.estimate ?? null, lower: p.share?.lower ?? null, upper: p.share?.upper ?? null }))} domain={[0, 1]} height={150} />
      <table className="w-full text-left text-xs">
        <caption className="sr-only">Agreement of {name} with gold per week</caption>
        <thead className="text-slate-500"><tr><th className="px-1 font-medium">Week</th><th className="px-1 font-medium">Match with gold</th><th className="px-1 font-medium">95 % interval</th><th className="px-1 font-medium">Compared</th></tr></thead>
        <tbody>
          {drift.map((p) => (
            <tr key={p.auditId}>
              <td className="px-1 font-mono">{p.week}</td>
              {p.share ? <><td className="px-1 font-mono">{pct(p.share.estimate)}</td><td className="px-1 font-mono text-slate-600">{pct(p.share.lower)} – {pct(p.share.upper)}</td></> : <td className="px-1 text-slate-400" colSpan={2}>no gold to compare</td>}
              <td className="px-1">{p.compared}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export function ReviewerDrift({ reviewers }: { reviewers: Named[] }) {
  const weeks = reviewers[0]?.drift.length ?? 0;
  return (
    <Card title={`Drift: agreement with gold over the last ${weeks} week(s)`}>
      <p className="mb-2 text-xs text-slate-500">Share of each reviewer’s labels matching gold per weekly audit, all dimensions pooled, with Wilson 95 % intervals.</p>
      <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-3">
        {reviewers.map((r) => <DriftFigure key={r.reviewerId} name={r.name} drift={r.drift} />)}
      </div>
    </Card>
  );
}
