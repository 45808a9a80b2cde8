// The audit page while reviews come in (issue 18): per watched rate the confidence sequence as a
// band over the reviews, the fixed-n interval beside it, and an early alert once the band lies
// above the threshold. Fetches its own data so the page needs one line for it.
import { Card } from "@/components/ui";
import type { Actor } from "@/lib/server/auth/actor";
import { getRunningRates } from "@/lib/server/audits/running-rate";
import { RunningRateChart } from "./running-rate-chart";

const pct = (x: number) => `${(Math.min(1, Math.max(0, x)) * 100).toFixed(2)} %`;

/** Every `step`-th band point and the last, for the table beside the chart. */
function milestones<T extends { reviews: number }>(band: T[], count = 8): T[] {
  if (band.length <= count) return band;
  const step = Math.ceil(band.length / count);
  return band.filter((b, i) => (i + 1) % step === 0 || i === band.length - 1);
}

export async function RunningRateSection({ actor, projectSlug, auditId }: { actor: Actor; projectSlug: string; auditId: string }) {
  const { views } = await getRunningRates({ actor, projectSlug, auditId });
  return (
    <Card title="Running rates while reviews come in">
      <p className="mb-3 max-w-3xl text-sm text-slate-600">
        The band is a confidence sequence (Waudby-Smith &amp; Ramdas 2023, betting; decision 019): it holds at 95 % at every moment at once, so looking at it every day and acting the moment it clears a threshold does not inflate false alarms, unlike the fixed-n interval drawn at the end, which is valid for one look only. The guarantee needs the reviews to arrive in random order within each stratum: they do, as the review queue serves items in sample-key order, a hash of the audit&apos;s seed and the output (decision 005).
      </p>
      <div className="space-y-6">
        {views.map((v) => (
          <section key={v.key} aria-label={`Running rate: ${v.label}`} data-testid="running-rate" data-metric={v.key}>
            <h3 className="text-sm font-semibold">{v.label}{v.threshold !== null ? <span className="font-normal text-slate-500"> · threshold {pct(v.threshold)}</span> : null}</h3>
            {v.rate.alert ? (
              <p role="alert" className="my-2 rounded-md bg-red-50 px-3 py-2 text-sm text-red-900 ring-1 ring-red-200" data-testid="early-alert">{v.rate.alert.message}.</p>
            ) : null}
            {v.leftOut.length ? (
              <p className="my-1 text-xs text-slate-600" data-testid="running-rate-left-out">
                Covers {v.coveredPopulation.toLocaleString("en")} outputs; left out until they have 2 reviews: {v.leftOut.map((l) => `${l.stratum || "(none)"} (${l.population.toLocaleString("en")} outputs, ${l.reviews} reviewed)`).join(", ")}.
              </p>
            ) : null}
            {v.rate.band.length === 0 ? (
              <p className="text-sm text-slate-600">No gold labels yet.</p>
            ) : (
              <div className="grid gap-4 lg:grid-cols-[2fr_1fr]">
                <RunningRateChart band={v.rate.band} fixed={v.rate.fixed} threshold={v.threshold} planned={v.rate.planned} alertAt={v.rate.alert?.afterReviews ?? null} />
                <div>
                  <table className="text-xs" aria-label={`${v.label}: confidence sequence`}>
                    <thead><tr className="text-left text-slate-500"><th className="pr-3">After reviews</th><th>Band (valid at every look)</th></tr></thead>
                    <tbody>
                      {milestones(v.rate.band).map((b) => (
                        <tr key={b.reviews}><td className="pr-3 tabular-nums">{b.reviews}</td><td className="tabular-nums" data-testid="band-row">{pct(b.lower)} – {pct(b.upper)}</td></tr>
                      ))}
                    </tbody>
                  </table>
                  <p className="mt-2 text-xs text-slate-700" data-testid="fixed-interval">
                    {v.rate.fixed ? <>Fixed-n interval after {v.rate.reviews} of {v.rate.planned} reviews: {pct(v.rate.fixed.rate)} ({pct(v.rate.fixed.lower)} – {pct(v.rate.fixed.upper)}), one look only.</> : <>Fixed-n interval: every stratum needs 2 reviews first ({v.rate.reviews} of {v.rate.planned} so far).</>}
                  </p>
                </div>
              </div>
            )}
          </section>
        ))}
      </div>
    </Card>
  );
}
