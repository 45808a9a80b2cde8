import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { getAuditDetail } from "@/lib/server/audits/audits";
import { NotFoundError } from "@/lib/server/errors";
import { CloseAuditForm, ReopenAuditForm } from "../audit-forms";
import { RunningRateSection } from "./running-rate-section";
import { completionText } from "@/lib/audits/progress";
import { describeTimeZone, formatDateTime, formatMoment } from "@/lib/format/dates";

export const metadata = { title: "Audit" };

export default async function AuditPage({ params }: { params: Promise<{ slug: string; auditId: string }> }) {
  const { slug, auditId } = await params;
  const { actor, project } = await requireProjectPage(slug, "audits:read");
  let audit;
  try {
    audit = await getAuditDetail({ actor, projectSlug: slug, auditId });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const canManage = await canInProject(actor, slug, "review:manage");
  const tz = project.timeZone;
  const now = new Date();
  const when = (d: Date) => formatMoment(d, { timeZone: tz, now });
  const openItems = audit.sampleSize - audit.done;
  return (
    <>
      <PageHeader
        title={`Audit ${audit.week}`}
        description={
          <>
            {formatDateTime(audit.weekStart, tz)} – {formatDateTime(audit.weekEnd, tz)}, {describeTimeZone(tz, audit.weekStart)}
            {audit.partial ? " · partial: drawn before the week closed, over the week so far; the scheduled draw tops it up from the rest of the week when it closes" : ""}
            {audit.toppedUpAt ? ` · drawn early ${when(audit.drawnAt)}, topped up from the rest of the week ${when(audit.toppedUpAt)}` : ""}
            {" · "}<Link className="font-medium text-indigo-700 underline" href={`/p/${slug}/audits/${audit.id}/results`}>Results with intervals</Link>
          </>
        }
        actions={
          canManage ? (
            audit.status === "open" ? (
              <CloseAuditForm auditId={audit.id} week={audit.week} openItems={openItems} />
            ) : (
              <ReopenAuditForm auditId={audit.id} week={audit.week} />
            )
          ) : null
        }
      />
      <div className="space-y-6">
        <Card title="Summary">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <div><dt className="text-slate-500">Population</dt><dd className="font-medium" data-testid="audit-population">{audit.population.toLocaleString("en")}</dd></div>
            <div><dt className="text-slate-500">Sample size</dt><dd className="font-medium" data-testid="audit-sample-size">{audit.sampleSize.toLocaleString("en")}</dd></div>
            <div><dt className="text-slate-500">Reviewed</dt><dd className="font-medium" data-testid="audit-reviewed">{completionText(audit.completion, audit.done, audit.sampleSize)}</dd></div>
            <div><dt className="text-slate-500">Due</dt><dd className={`font-medium ${audit.overdue ? "text-red-700" : ""}`}>{when(audit.dueAt)}{audit.overdue ? " · overdue" : ""}</dd></div>
            <div>
              <dt className="text-slate-500">Status</dt>
              <dd className="font-medium" data-testid="audit-status">
                {audit.status}
                {audit.closedAt ? ` (${when(audit.closedAt)})` : ""}
                {audit.status === "closed" && openItems > 0 ? <span className="block text-xs font-normal text-amber-700">{openItems} item{openItems === 1 ? "" : "s"} left unreviewed at closing</span> : null}
              </dd>
            </div>
            <div><dt className="text-slate-500">Drawn</dt><dd className="font-medium">{when(audit.drawnAt)}</dd></div>
            <div><dt className="text-slate-500">Plan</dt><dd className="font-medium">v{audit.plan.version}: {audit.plan.method}, {audit.plan.allocation}, by {audit.plan.stratifyBy}</dd></div>
            <div><dt className="text-slate-500">Overlap</dt><dd className="font-medium">{Math.round(audit.plan.overlapShare * 100)} % by {audit.plan.overlapReviewers}</dd></div>
            <div><dt className="text-slate-500">Seed</dt><dd className="font-mono text-xs">{audit.seed}</dd></div>
          </dl>
        </Card>
        <RunningRateSection actor={actor} projectSlug={slug} auditId={audit.id} />
        <Card title="Strata">
          <div className="overflow-x-auto">
            <table className="min-w-full divide-y divide-slate-200 text-sm">
              <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-600">
                <tr><th className="px-3 py-2">Stratum</th><th className="px-3 py-2">Risk</th><th className="px-3 py-2">Population</th><th className="px-3 py-2">Sampled</th><th className="px-3 py-2">Inclusion prob.</th><th className="px-3 py-2">Overlap</th><th className="px-3 py-2">Reviewed</th><th className="px-3 py-2">Notes</th></tr>
              </thead>
              <tbody className="divide-y divide-slate-100">
                {audit.strata.map((s) => (
                  <tr key={s.stratum} data-testid={`stratum-${s.stratum || "none"}`}>
                    <td className="px-3 py-2 font-medium">{s.stratum || "(none)"}</td>
                    <td className="px-3 py-2">{s.risk}</td>
                    <td className="px-3 py-2">{s.population.toLocaleString("en")}</td>
                    <td className="px-3 py-2">{s.allocated.toLocaleString("en")}</td>
                    <td className="px-3 py-2">{s.population ? s.inclusionProbability.toPrecision(3) : "—"}</td>
                    <td className="px-3 py-2">{s.overlapDrawn}</td>
                    <td className="px-3 py-2">
                      <div className="flex items-center gap-2">
                        <div className="h-2 w-24 rounded bg-slate-100"><div className="h-2 rounded bg-indigo-500" style={{ width: `${s.allocated ? (100 * s.done) / s.allocated : 0}%` }} /></div>
                        {s.done}/{s.allocated}
                      </div>
                    </td>
                    <td className="px-3 py-2 text-xs text-slate-600">
                      {[s.empty ? "empty this week" : null, s.phases ? s.phases.map((p) => `${p.phase === "partial" ? "drawn early" : "rest of week"}: ${p.allocated} of ${p.population.toLocaleString("en")}`).join(", ") : null, s.unplanned ? "not in the plan" : null, s.minimum ? `minimum ${s.minimum}` : null, s.minimumShortfall ? `minimum short by ${s.minimumShortfall}` : null, s.neymanRateSource ? `Neyman weight from ${s.neymanRateSource === "observed" ? "the observed" : `the ${s.neymanRateSource}'s expected`} error rate ${(100 * (s.neymanRate ?? 0)).toFixed(1)} %` : null].filter(Boolean).join(" · ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
        {audit.statusChanges.length > 0 ? (
          <Card title="Status history">
            <ol className="space-y-1 text-sm" aria-label="Status history">
              {audit.statusChanges.map((c) => (
                <li key={c.id}>
                  <span className="font-medium">{c.toStatus === "closed" ? "Closed" : "Reopened"}</span> {when(c.createdAt)}
                  {c.actorName ? ` by ${c.actorName}` : ""}
                  {c.toStatus === "closed" ? ` · ${c.openItems} item${c.openItems === 1 ? "" : "s"} unreviewed` : ""}
                  {c.reason ? <span className="text-slate-600"> · “{c.reason}”</span> : null}
                </li>
              ))}
            </ol>
          </Card>
        ) : null}
      </div>
    </>
  );
}
