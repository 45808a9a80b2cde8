import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getMonthlyReview, listSignOffs } from "@/lib/server/incidents/monthly-review";
import { formatHours } from "@/lib/incidents/lifecycle";
import { formatZoned } from "@/lib/incidents/local-time";
import { isMonthKey, monthKeyAt, shiftMonth } from "@/lib/incidents/monthly";
import { CATEGORY_LABELS, INCIDENT_KINDS, KIND_LABELS, SEVERITIES, STATUS_LABELS, incidentReference, type IncidentCategory, type IncidentStatus } from "@/lib/incidents/types";
import type { RatePerThousand } from "@/lib/incidents/monthly";
import { SignOffForm } from "../../incident-forms";
import { PrintButton } from "./print-button";

export const metadata = { title: "Monthly incident review" };
export const dynamic = "force-dynamic";

const one = (x: number | null, digits = 1) => (x === null ? "—" : x.toLocaleString("en", { maximumFractionDigits: digits, minimumFractionDigits: digits }));
const rate = (r: RatePerThousand) => (r.perThousand === null ? "—" : `${one(r.perThousand)} (95 % ${one(r.lower)}–${one(r.upper)})`);

export default async function MonthlyReviewPage({ params }: { params: Promise<{ slug: string; month: string }> }) {
  const { slug, month } = await params;
  if (!isMonthKey(month)) notFound();
  const { actor, project } = await requireProjectPage(slug, "monthlyReview:read");
  const [review, signOffs] = await Promise.all([getMonthlyReview({ actor, projectSlug: slug, month }), listSignOffs({ actor, projectSlug: slug })]);
  const f = review.figures;
  const zone = project.timeZone;
  const current = monthKeyAt(new Date(), zone);
  const estimate = f.harmEstimate;
  const maxTrend = Math.max(1, ...f.trend.months.map((m) => m.perThousand ?? 0));
  return (
    <>
      <PageHeader
        title={`Monthly review: ${review.title}`}
        description={`Incidents detected in ${review.title} (${zone}). Rates count reviewed sampled outputs whose first label fell in the month.`}
        actions={
          <div className="flex items-center gap-3 text-sm print:hidden">
            <Link href={`/p/${slug}/incidents/review/${shiftMonth(month, -1)}`} className="text-indigo-700 hover:underline">← {shiftMonth(month, -1)}</Link>
            {month < current ? <Link href={`/p/${slug}/incidents/review/${shiftMonth(month, 1)}`} className="text-indigo-700 hover:underline">{shiftMonth(month, 1)} →</Link> : null}
            <a href={`/api/v1/projects/${slug}/incidents/review/${month}/csv`} className="rounded-md px-2 py-1 ring-1 ring-slate-300 hover:bg-slate-50">Export CSV</a>
            <PrintButton />
          </div>
        }
      />
      <div className="space-y-6">
        {review.signOff ? (
          <Alert tone="success">
            Signed off by {review.signOff.signedBy} on {formatZoned(review.signOff.signedAt, zone)}. The figures below are as signed; the month&apos;s incidents are read-only.
          </Alert>
        ) : !review.ended ? (
          <Alert tone="info">{review.title} is not over yet: figures are so far, and it can be signed off once it ends.</Alert>
        ) : null}

        <div className="grid gap-4 md:grid-cols-4">
          <Card title="Incidents">
            <p className="text-2xl font-semibold" data-testid="month-incidents">{f.incidents}</p>
            <p className="text-xs text-slate-500">{f.notAnIncident} closed as not an incident (not counted)</p>
          </Card>
          <Card title="Reviewed outputs"><p className="text-2xl font-semibold" data-testid="month-reviewed">{f.reviewed.toLocaleString("en")}</p></Card>
          <Card title="Logged outputs"><p className="text-2xl font-semibold">{f.loggedOutputs.toLocaleString("en")}</p></Card>
          <Card title="Overdue now"><p className={`text-2xl font-semibold ${f.overdue.length ? "text-red-700" : ""}`}>{f.overdue.length}</p></Card>
        </div>

        <Card title="Rates per 1,000 reviewed outputs">
          <table className="min-w-full text-sm" aria-label="Rates per 1,000 reviewed">
            <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Kind</th><th>Outputs</th><th>Per 1,000 reviewed (Wilson 95 %)</th></tr></thead>
            <tbody>
              {INCIDENT_KINDS.map((k) => (
                <tr key={k} className="border-t border-slate-100"><td className="py-1">{KIND_LABELS[k]}</td><td>{f.rates[k].count} of {f.rates[k].reviewed}</td><td data-testid={`rate-${k}`}>{rate(f.rates[k])}</td></tr>
              ))}
            </tbody>
          </table>
          <div className="mt-4 rounded-md bg-slate-50 p-3 text-sm" data-testid="harm-estimate">
            {estimate ? (
              <>
                <p>
                  Weighted by each sampled output&apos;s inclusion probability: <span className="font-semibold">≈ {one(estimate.rate * 10_000, 0)} harmful outputs per 10,000 interactions</span>{" "}
                  (95 % {one(estimate.lower * 10_000, 0)}–{one(estimate.upper * 10_000, 0)})
                  {f.loggedOutputs > 0
                    ? `, that is ≈ ${one(estimate.estimatedHarmful, 0)} (${one(estimate.estimatedLower, 0)}–${one(estimate.estimatedUpper, 0)}) of the month’s ${f.loggedOutputs.toLocaleString("en")} logged outputs.`
                    : ". No outputs were logged in this month to scale it to (the reviews are of outputs logged earlier)."}
                </p>
                <p className="mt-1 text-xs text-slate-500">Wilson interval at Kish&apos;s effective sample size {one(estimate.effectiveN, 0)} of {estimate.reviewed} reviewed.</p>
              </>
            ) : (
              <p>No sampled outputs were reviewed this month, so there is no population estimate.</p>
            )}
          </div>
        </Card>

        <div className="grid gap-6 md:grid-cols-3">
          <Card title="By severity">
            <table className="w-full text-sm"><tbody>
              {SEVERITIES.map((s) => (
                <tr key={s} className="border-t border-slate-100 first:border-0"><td className="py-1 font-medium">{s}</td><td>{f.bySeverity[s]}</td><td className="text-xs text-slate-500">median recovery {formatHours(f.medianRecoveryHours[s].median)}{f.medianRecoveryHours[s].incidents ? ` (${f.medianRecoveryHours[s].incidents})` : ""}</td></tr>
              ))}
            </tbody></table>
            <p className="mt-2 text-xs text-slate-500">Median time to mitigation: {formatHours(f.medianMitigationHours)}</p>
          </Card>
          <Card title="By kind">
            <table className="w-full text-sm"><tbody>
              {INCIDENT_KINDS.map((k) => <tr key={k} className="border-t border-slate-100 first:border-0"><td className="py-1">{KIND_LABELS[k]}</td><td>{f.byKind[k]}</td></tr>)}
            </tbody></table>
          </Card>
          <Card title="By category">
            <table className="w-full text-sm"><tbody>
              {Object.entries(f.byCategory).map(([c, n]) => <tr key={c} className="border-t border-slate-100 first:border-0"><td className="py-1">{CATEGORY_LABELS[c as IncidentCategory] ?? c}</td><td>{n}</td></tr>)}
            </tbody></table>
          </Card>
        </div>

        <Card title="Near-miss trend, 12 months">
          {f.trend.rising ? <Alert>Rising: {f.trend.reason}.</Alert> : <p className="text-sm text-slate-600" data-testid="trend-flag">Not rising (no three increases in a row, no significant jump against the three months before).</p>}
          <table className="mt-3 w-full text-sm" aria-label="Near-miss trend">
            <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Month</th><th>Sampled near misses</th><th>Reviewed</th><th>Per 1,000</th><th className="w-1/3"></th><th>All near-miss incidents</th></tr></thead>
            <tbody>
              {f.trend.months.map((m) => (
                <tr key={m.month} className="border-t border-slate-100">
                  <td className="py-1">{m.month}</td><td>{m.nearMisses}</td><td>{m.reviewed}</td><td>{one(m.perThousand)}</td>
                  <td><div className="h-2 rounded bg-amber-400" style={{ width: `${((m.perThousand ?? 0) / maxTrend) * 100}%` }} aria-hidden /></td>
                  <td>{m.allNearMissIncidents}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>

        <Card title={`Open incidents past their SLA (${f.overdue.length})`}>
          {f.overdue.length === 0 ? <p className="text-sm text-slate-500">None.</p> : (
            <ul className="space-y-1 text-sm">
              {f.overdue.map((o) => (
                <li key={o.id}><Link className="font-medium text-indigo-700 hover:underline" href={`/p/${slug}/incidents/${o.id}`}>{incidentReference(o.number)}</Link> {o.title} · {o.severity} · {STATUS_LABELS[o.status as IncidentStatus]} · open {formatHours(o.ageHours)} (allowed {formatHours(o.allowedHours)})</li>
              ))}
            </ul>
          )}
        </Card>

        <Card title={`Incidents of ${review.title} (${f.list.length})`}>
          <table className="min-w-full text-sm" aria-label="Incidents of the month">
            <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Incident</th><th>Title</th><th>Kind</th><th>Severity</th><th>Status</th><th>Detected</th><th>Recovery</th></tr></thead>
            <tbody>
              {f.list.map((i) => (
                <tr key={i.id} className="border-t border-slate-100">
                  <td className="py-1"><Link className="text-indigo-700 hover:underline" href={`/p/${slug}/incidents/${i.id}`}>{incidentReference(i.number)}</Link></td>
                  <td>{i.title}</td><td>{KIND_LABELS[i.kind]}</td><td>{i.severity}</td>
                  <td>{STATUS_LABELS[i.status as IncidentStatus]}{i.closeReason === "not_an_incident" ? " (not an incident)" : ""}</td>
                  <td>{formatZoned(i.detectedAt, zone)}</td><td>{formatHours(i.timeToRecoveryHours)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>

        <Card title="Sign-off">
          {review.signOff ? (
            <div className="space-y-2 text-sm" data-testid="sign-off">
              <p>Signed off by <span className="font-medium">{review.signOff.signedBy}</span> on {formatZoned(review.signOff.signedAt, zone)}.</p>
              {review.signOff.notes ? <p className="whitespace-pre-wrap">{review.signOff.notes}</p> : null}
              {review.signOff.actionItems.length ? (
                <><p className="font-medium">Action items</p><ul className="list-disc pl-5">{review.signOff.actionItems.map((a, k) => <li key={k}>{a}</li>)}</ul></>
              ) : null}
            </div>
          ) : review.canSignOff && review.ended ? (
            <SignOffForm month={month} title={review.title} />
          ) : (
            <p className="text-sm text-slate-500">{review.ended ? "Not signed off yet. A QA lead signs off the month." : "A month can be signed off once it is over."}</p>
          )}
        </Card>

        <Card title="Signed-off months">
          {signOffs.length === 0 ? <p className="text-sm text-slate-500">None yet.</p> : (
            <ul className="space-y-1 text-sm" aria-label="Signed-off months">
              {signOffs.map((s) => (
                <li key={s.month}><Link className="font-medium text-indigo-700 hover:underline" href={`/p/${slug}/incidents/review/${s.month}`}>{s.title}</Link> · {s.signedBy} · {formatZoned(s.signedAt, zone)}{s.actionItems.length ? ` · ${s.actionItems.length} action item(s)` : ""}</li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
