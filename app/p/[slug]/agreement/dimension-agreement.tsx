// One dimension's agreement on the agreement page: α with its interval and band, the other
// statistics, overlap sizing and Cohen's κ per reviewer pair.
import { Card } from "@/components/ui";
import { IntervalBarChart, IntervalTrendChart } from "@/components/charts/interval-charts";
import type { AgreementReport } from "@/lib/server/review/agreement";
import { MIN_ITEMS, MIN_PAIR_ITEMS, overlapSizing, type AlphaBand, type DimensionAgreement, type Estimate } from "@/lib/review/agreement-report";

const BAND: Record<AlphaBand, { text: string; className: string }> = {
  reliable: { text: "reliable (α ≥ 0.80)", className: "bg-emerald-50 text-emerald-800 ring-emerald-200" },
  tentative: { text: "tentative (0.667 ≤ α < 0.80)", className: "bg-amber-50 text-amber-900 ring-amber-200" },
  unreliable: { text: "do not rely on it (α < 0.667)", className: "bg-red-50 text-red-800 ring-red-200" },
};
export const THRESHOLDS = [{ value: 0.8, label: "0.80" }, { value: 0.667, label: "0.667" }];

const f2 = (v: number) => v.toFixed(2);
export const pct = (v: number) => `${(v * 100).toFixed(1)} %`;

export function EstimateCells({ value, format = f2 }: { value: Estimate | null; format?: (v: number) => string }) {
  if (!value) return <><td className="px-2 py-1 text-slate-400">—</td><td className="px-2 py-1" /><td className="px-2 py-1" /></>;
  return (
    <>
      <td className="px-2 py-1 font-mono">{format(value.estimate)}</td>
      <td className="px-2 py-1 font-mono text-slate-600">{format(value.lower)} – {format(value.upper)}</td>
      <td className="px-2 py-1 text-slate-600">{value.n}</td>
    </>
  );
}

export function DimensionCard({ d, names, overlapShare }: { d: DimensionAgreement; names: Map<string, string>; overlapShare: number }) {
  const sizing = d.alpha && !d.tooFew && overlapShare > 0 ? overlapSizing(d.alpha, overlapShare, Math.min(1, Math.max(0.3, overlapShare * 2))) : null;
  return (
    <Card title={<>{d.label} <span className="font-normal text-slate-500">· {d.level}</span></>}>
      <section aria-label={`Agreement on ${d.label}`} data-testid="dimension-agreement" data-key={d.key}>
        {d.tooFew ? (
          <p className="text-sm text-slate-600" data-testid="too-few">Too few overlapping items: {d.items} item{d.items === 1 ? "" : "s"} with two or more ratings (at least {MIN_ITEMS} are needed for a number worth showing).</p>
        ) : (
          <>
            <div className="mb-2 flex flex-wrap items-center gap-2 text-sm">
              <span>Krippendorff’s α</span>
              <span className="font-mono text-base font-semibold" data-testid="alpha">{d.alpha ? f2(d.alpha.estimate) : "—"}</span>
              {d.alpha ? <span className="font-mono text-slate-600" data-testid="alpha-interval">95 % interval {f2(d.alpha.lower)} – {f2(d.alpha.upper)}</span> : null}
              {d.alphaBand ? <span data-testid="alpha-band" className={`rounded px-1.5 py-0.5 text-xs ring-1 ${BAND[d.alphaBand].className}`}>{BAND[d.alphaBand].text}</span> : null}
            </div>
            <p className="mb-3 text-xs text-slate-500">Krippendorff (2004): α ≥ 0.80 supports conclusions, 0.667–0.80 only tentative ones, below that the labels of this dimension should not be relied on.</p>
            <table className="w-full text-left text-sm">
              <caption className="sr-only">Agreement statistics for {d.label}</caption>
              <thead className="text-xs text-slate-500"><tr><th className="px-2 py-1 font-medium">Statistic</th><th className="px-2 py-1 font-medium">Estimate</th><th className="px-2 py-1 font-medium">95 % interval</th><th className="px-2 py-1 font-medium">Items</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                <tr><th scope="row" className="px-2 py-1 font-normal">% agreement, all raters</th><EstimateCells value={d.percentAll} format={pct} /></tr>
                <tr><th scope="row" className="px-2 py-1 font-normal">% agreement, pairwise</th><EstimateCells value={d.percentPairwise} format={pct} /></tr>
                <tr><th scope="row" className="px-2 py-1 font-normal">Krippendorff’s α ({d.level})</th><EstimateCells value={d.alpha} /></tr>
                <tr><th scope="row" className="px-2 py-1 font-normal">Gwet’s AC1</th><EstimateCells value={d.ac1} /></tr>
                <tr><th scope="row" className="px-2 py-1 font-normal">Fleiss’ κ{d.fleiss ? "" : " (raters per item vary)"}</th><EstimateCells value={d.fleiss} /></tr>
              </tbody>
            </table>
            {sizing ? (
              <p className="mt-2 text-xs text-slate-600" data-testid="overlap-sizing">
                α rests on {d.alpha!.n} items; its interval is ±{f2(sizing.halfWidth)}; at {f2(sizing.otherShare)} overlap (about {sizing.otherItems} items) it would be about ±{f2(sizing.otherHalfWidth)}. (An approximation: the standard error shrinks with 1/√n.)
              </p>
            ) : null}
          </>
        )}
        {d.pairs.length ? (
          <details className="mt-3 text-sm">
            <summary className="cursor-pointer text-slate-700">Cohen’s κ per reviewer pair ({d.pairs[0].weights === "unweighted" ? "unweighted" : `${d.pairs[0].weights} weights`}; pairs with ≥ {MIN_PAIR_ITEMS} shared items)</summary>
            <table className="mt-1 w-full text-left text-sm">
              <thead className="text-xs text-slate-500"><tr><th className="px-2 py-1 font-medium">Pair</th><th className="px-2 py-1 font-medium">κ</th><th className="px-2 py-1 font-medium">95 % interval</th><th className="px-2 py-1 font-medium">Shared items</th></tr></thead>
              <tbody className="divide-y divide-slate-100">
                {d.pairs.map((p) => (
                  <tr key={`${p.reviewerA}-${p.reviewerB}`}>
                    <td className="px-2 py-1">{names.get(p.reviewerA) ?? "?"} · {names.get(p.reviewerB) ?? "?"}</td>
                    {p.kappa ? <EstimateCells value={p.kappa} /> : <><td className="px-2 py-1 text-slate-400" colSpan={2}>too few shared items</td><td className="px-2 py-1 text-slate-600">{p.shared}</td></>}
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        ) : null}
      </section>
    </Card>
  );
}

/** α of every dimension with a number worth showing, as error bars with the table beside them. */
export function AlphaOverview({ dimensions }: { dimensions: DimensionAgreement[] }) {
  const shown = dimensions.filter((d) => !d.tooFew && d.alpha);
  return (
    shown.length ? (
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
    ) : null
  );
}

/** α per dimension over the last audits, as bands, each with its table. */
export function AlphaTrend({ trend, audits }: { trend: AgreementReport["trend"]; audits: number }) {
  return (
    <Card title={`α over the last ${audits} audit(s)`}>
      <div className="grid gap-4 md:grid-cols-2">
        {trend.map((t) => (
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
  );
}
