import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { getAuditDetail } from "@/lib/server/audits/audits";
import { NotFoundError } from "@/lib/server/errors";
import { CloseAuditForm } from "../audit-forms";

export const metadata = { title: "Audit" };

const percent = (x: number) => `${(x * 100).toFixed(x === 1 || x === 0 ? 0 : 1)} %`;
const when = (d: Date, timeZone: string) => d.toLocaleString("en-GB", { timeZone, dateStyle: "medium", timeStyle: "short" });

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
  const canClose = audit.status === "open" && (await canInProject(actor, slug, "review:manage"));
  const tz = project.timeZone;
  return (
    <>
      <PageHeader
        title={`Audit ${audit.week}`}
        description={`${when(audit.weekStart, tz)} – ${when(audit.weekEnd, tz)} (${tz})${audit.partial ? " · partial: drawn before the week closed, over the week so far" : ""}`}
        actions={canClose ? <CloseAuditForm projectSlug={slug} auditId={audit.id} /> : null}
      />
      <div className="space-y-6">
        <Card title="Summary">
          <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-4">
            <div><dt className="text-slate-500">Population</dt><dd className="font-medium" data-testid="audit-population">{audit.population.toLocaleString("en")}</dd></div>
            <div><dt className="text-slate-500">Sample size</dt><dd className="font-medium" data-testid="audit-sample-size">{audit.sampleSize.toLocaleString("en")}</dd></div>
            <div><dt className="text-slate-500">Reviewed</dt><dd className="font-medium">{audit.done} ({percent(audit.completion)})</dd></div>
            <div><dt className="text-slate-500">Due</dt><dd className={`font-medium ${audit.overdue ? "text-red-700" : ""}`}>{when(audit.dueAt, tz)}{audit.overdue ? " · overdue" : ""}</dd></div>
            <div><dt className="text-slate-500">Status</dt><dd className="font-medium">{audit.status}{audit.closedAt ? ` (${when(audit.closedAt, tz)})` : ""}</dd></div>
            <div><dt className="text-slate-500">Plan</dt><dd className="font-medium">v{audit.plan.version}: {audit.plan.method}, {audit.plan.allocation}, by {audit.plan.stratifyBy}</dd></div>
            <div><dt className="text-slate-500">Overlap</dt><dd className="font-medium">{Math.round(audit.plan.overlapShare * 100)} % by {audit.plan.overlapReviewers}</dd></div>
            <div><dt className="text-slate-500">Seed</dt><dd className="font-mono text-xs">{audit.seed}</dd></div>
          </dl>
        </Card>
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
                      {[s.empty ? "empty this week" : null, s.unplanned ? "not in the plan" : null, s.minimum ? `minimum ${s.minimum}` : null, s.minimumShortfall ? `minimum short by ${s.minimumShortfall}` : null, s.neymanRateSource ? `Neyman weight from ${s.neymanRateSource === "observed" ? "the observed" : `the ${s.neymanRateSource}'s expected`} error rate ${(100 * (s.neymanRate ?? 0)).toFixed(1)} %` : null].filter(Boolean).join(" · ") || "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
    </>
  );
}
