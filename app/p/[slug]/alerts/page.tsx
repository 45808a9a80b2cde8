import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { can } from "@/lib/auth/permissions";
import { listAlerts } from "@/lib/server/alerts/alerts";
import { AcknowledgeButton } from "./acknowledge-button";

export const metadata = { title: "Alerts" };

const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
const STATUS_STYLE: Record<string, string> = { critical: "bg-red-100 text-red-800", rising: "bg-amber-100 text-amber-800", unreliable: "bg-red-100 text-red-800", tentative: "bg-amber-100 text-amber-800" };

export default async function AlertsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, ...access } = await requireProjectPage(slug, "alerts:read");
  const alerts = await listAlerts({ actor, projectSlug: slug });
  const canAcknowledge = can(access, "alerts:acknowledge");
  const open = alerts.filter((a) => !a.acknowledgedAt).length;
  return (
    <>
      <PageHeader
        title="Alerts"
        description={<>One alert per status change of a scorecard metric or of reviewer agreement, never one per page view. Alerts go to the project&apos;s <Link className="underline" href={`/p/${slug}/settings/webhooks`}>webhooks</Link>.</>}
      />
      <Card title={`${alerts.length} alert${alerts.length === 1 ? "" : "s"}, ${open} not acknowledged`}>
        {alerts.length === 0 ? <p className="text-sm text-slate-500">No alerts: no metric has turned rising or critical.</p> : (
          <table className="min-w-full text-sm" aria-label="Alerts">
            <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">When</th><th>What</th><th>Week</th><th>Change</th><th>Why</th><th>Acknowledged</th></tr></thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id} className="border-t border-slate-100 align-top">
                  <td className="py-2 whitespace-nowrap">{when(a.createdAt)}</td>
                  <td className="py-2 font-medium">{a.subjectLabel}</td>
                  <td className="py-2 whitespace-nowrap">{a.week ?? "—"}</td>
                  <td className="py-2 whitespace-nowrap">
                    {a.fromStatus ? <span className="text-slate-500">{a.fromStatus} → </span> : null}
                    <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_STYLE[a.toStatus] ?? "bg-slate-100 text-slate-700"}`}>{a.toStatus}</span>
                  </td>
                  <td className="py-2 text-slate-700">{a.reason}</td>
                  <td className="py-2">
                    {a.acknowledgedAt ? <span className="text-slate-600">{a.acknowledgedBy}, {when(a.acknowledgedAt)}</span> : canAcknowledge ? <AcknowledgeButton alertId={a.id} label={a.subjectLabel} /> : <span className="text-slate-500">not yet</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </>
  );
}
