import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getAuditDetail } from "@/lib/server/audits/audits";
import { getAuditResults } from "@/lib/server/scorecard/audit-results";
import { AnalysisSections } from "./analysis-sections";
import { describeCount, INTERVAL_METHOD, type MeanResult, type RateResult } from "@/lib/scorecard/audit-results";

export const metadata = { title: "Audit results" };

const pct = (x: number | null) => (x === null ? "—" : `${(x * 100).toFixed(x < 0.1 ? 2 : 1)} %`);

/** The interval drawn on a 0–100 % track (scaled to the largest upper bound shown), so widths compare at a glance. */
function IntervalBar({ rate, lower, upper, scale }: { rate: number | null; lower: number | null; upper: number | null; scale: number }) {
  if (rate === null || lower === null || upper === null || scale <= 0) return null;
  const at = (x: number) => `${Math.min(100, (x / scale) * 100)}%`;
  return (
    <div className="relative h-3 w-40 rounded bg-slate-100" aria-hidden="true">
      <div className="absolute top-1 h-1 rounded bg-indigo-300" style={{ left: at(lower), width: `calc(${at(upper)} - ${at(lower)})` }} />
      <div className="absolute top-0 h-3 w-0.5 bg-indigo-700" style={{ left: at(rate) }} />
    </div>
  );
}

function RateRows({ result, scale, emphasis }: { result: RateResult; scale: number; emphasis?: boolean }) {
  return (
    <>
      <tr className={`border-t border-slate-200 align-top ${emphasis ? "font-semibold" : ""}`}>
        <th scope="row" className="py-2 pr-3 text-left">{result.label}</th>
        <td className="py-2 pr-3 tabular-nums">{pct(result.rate)}</td>
        <td className="py-2 pr-3 tabular-nums whitespace-nowrap">{result.lower === null ? "—" : `${pct(result.lower)} – ${pct(result.upper)}`}</td>
        <td className="py-2 pr-3"><IntervalBar rate={result.rate} lower={result.lower} upper={result.upper} scale={scale} /></td>
        <td className="py-2 pr-3 text-slate-700">{describeCount(result) ?? "too few reviews for an estimate"}</td>
        <td className="py-2 tabular-nums text-slate-600">{result.reviewed} of {result.sampled}</td>
      </tr>
      <tr>
        <td colSpan={6} className="pb-2">
          <details>
            <summary className="cursor-pointer text-xs text-indigo-700">Per stratum{result.missingStrata.length ? ` (not estimated: ${result.missingStrata.join(", ")})` : ""}</summary>
            <table className="mt-1 ml-4 text-xs" aria-label={`${result.label} per stratum`}>
              <thead><tr className="text-left text-slate-500"><th className="pr-3">Stratum</th><th className="pr-3">Outputs</th><th className="pr-3">Reviewed</th><th className="pr-3">Errors</th><th className="pr-3">Sample rate</th><th>Wilson 95 % CI</th></tr></thead>
              <tbody>
                {result.strata.map((s) => (
                  <tr key={s.value}>
                    <td className="pr-3">{s.value}</td>
                    <td className="pr-3 tabular-nums">{s.population.toLocaleString("en")}</td>
                    <td className="pr-3 tabular-nums">{s.reviewed} of {s.sampled}</td>
                    <td className="pr-3 tabular-nums">{s.errors}</td>
                    <td className="pr-3 tabular-nums">{pct(s.rate)}</td>
                    <td className="tabular-nums">{s.lower === null ? "—" : `${pct(s.lower)} – ${pct(s.upper)}`}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </details>
        </td>
      </tr>
    </>
  );
}

function MeanRow({ result }: { result: MeanResult }) {
  const f = (x: number | null) => (x === null ? "—" : x.toFixed(2));
  return (
    <tr className="border-t border-slate-200">
      <th scope="row" className="py-2 pr-3 text-left">{result.label}</th>
      <td className="py-2 pr-3 tabular-nums">{f(result.mean)}</td>
      <td className="py-2 pr-3 tabular-nums">{result.lower === null ? "—" : `${f(result.lower)} – ${f(result.upper)}`}</td>
      <td className="py-2 tabular-nums text-slate-600">{result.reviewed} of {result.sampled}</td>
    </tr>
  );
}

export default async function AuditResultsPage({ params }: { params: Promise<{ slug: string; auditId: string }> }) {
  const { slug, auditId } = await params;
  const { actor } = await requireProjectPage(slug, "audits:read");
  const [audit, { results, frozen }] = await Promise.all([getAuditDetail({ actor, projectSlug: slug, auditId }), getAuditResults({ actor, projectSlug: slug, auditId })]);
  const rates = [results.anyError, ...results.dimensions];
  const scale = Math.max(0.01, ...rates.map((r) => r.upper ?? 0));
  return (
    <>
      <PageHeader
        title={`Results: ${audit.week}`}
        description={
          <>
            Estimates for the week&apos;s {audit.population.toLocaleString("en")} outputs from {results.reviewed} reviewed of {results.sampled} sampled items, each weighted by its stratum (N<sub>h</sub>/n<sub>h</sub>).{" "}
            <Link className="underline" href={`/p/${slug}/audits/${auditId}`}>Back to the audit</Link>
          </>
        }
      />
      <div className="mb-4 space-y-2">
        {frozen ? (
          <p role="status" className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-800">
            Frozen: these are the results as the audit closed on {frozen.closedAt.toISOString().slice(0, 16).replace("T", " ")} UTC (gold labels and rubric of then). Later adjudications do not change them; reopening and closing again takes a new snapshot.
          </p>
        ) : results.provisional ? (
          <p role="status" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 ring-1 ring-amber-200">
            Provisional: the estimates rest on {results.reviewed} of {results.sampled} items; unreviewed items count neither as correct nor as errors, and the numbers will move as reviews come in.
          </p>
        ) : null}
        <details className="text-sm text-slate-700">
          <summary className="cursor-pointer font-medium text-indigo-700">? Which interval</summary>
          <p className="mt-1 max-w-3xl">{INTERVAL_METHOD}. With stratum weights W<sub>h</sub> = N<sub>h</sub>/N, the estimate is p̂ = Σ W<sub>h</sub> p̂<sub>h</sub>, its variance v = Σ W<sub>h</sub>² (1 − f<sub>h</sub>) p̂<sub>h</sub>(1 − p̂<sub>h</sub>)/(n<sub>h</sub> − 1), and the interval is Wilson&apos;s at n* = p̂(1 − p̂)/v. A stratum with fewer than two reviewed items is left out and named.</p>
        </details>
      </div>
      <div className="space-y-6">
        <Card title="Error rates (95 % confidence)">
          <table className="min-w-full text-sm" aria-label="Error rates">
            <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Dimension</th><th>Estimate</th><th>95 % CI</th><th>Interval</th><th>In the week&apos;s outputs</th><th>Reviewed</th></tr></thead>
            <tbody>
              <RateRows result={results.anyError} scale={scale} emphasis />
              {results.dimensions.map((r) => <RateRows key={r.key} result={r} scale={scale} />)}
            </tbody>
          </table>
        </Card>
        <AnalysisSections actor={actor} projectSlug={slug} auditId={auditId} />
        {results.outcome ? (
          <Card title={`${results.outcome.label}: success, partial, failure`}>
            <p className="mb-2 text-sm text-slate-600">Partial success is counted apart: it is where the most actionable signal lives.</p>
            <table className="min-w-full text-sm" aria-label="Task outcome">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Outcome</th><th>Estimate</th><th>95 % CI</th><th>Interval</th><th>In the week&apos;s outputs</th><th>Reviewed</th></tr></thead>
              <tbody>
                <RateRows result={results.outcome.success} scale={1} />
                <RateRows result={results.outcome.partial} scale={1} />
                <RateRows result={results.outcome.failure} scale={1} />
              </tbody>
            </table>
          </Card>
        ) : null}
        {results.scales.length ? (
          <Card title="Means">
            <table className="min-w-full text-sm" aria-label="Means">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Dimension</th><th>Mean</th><th>95 % CI</th><th>Reviewed</th></tr></thead>
              <tbody>{results.scales.map((m) => <MeanRow key={m.key} result={m} />)}</tbody>
            </table>
          </Card>
        ) : null}
      </div>
    </>
  );
}
