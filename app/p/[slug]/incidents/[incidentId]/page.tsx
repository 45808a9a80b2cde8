import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { can } from "@/lib/auth/permissions";
import { NotFoundError } from "@/lib/server/errors";
import { getIncident } from "@/lib/server/incidents/incidents";
import { formatHours } from "@/lib/incidents/lifecycle";
import { formatZoned, instantToZonedLocal } from "@/lib/incidents/local-time";
import { monthTitle } from "@/lib/incidents/monthly";
import { NOTIFICATION_LABELS } from "@/lib/incidents/notifications";
import { CATEGORY_LABELS, KIND_LABELS, STATUS_LABELS, incidentReference, type IncidentCategory } from "@/lib/incidents/types";
import { CommentForm, IncidentFieldsForm, LinkForm, StatusForm } from "../incident-forms";

export const metadata = { title: "Incident" };
export const dynamic = "force-dynamic";

const ACTION_LABELS: Record<string, string> = {
  created: "opened",
  updated: "changed details",
  status: "changed status",
  reopened: "reopened",
  comment: "commented",
  label_attached: "attached a label",
  label_changed: "noted a label change",
  close_proposed: "proposed closing as not an incident",
  linked: "linked outputs or labels",
};

function showValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "—";
  if (Array.isArray(value)) return value.join(", ") || "—";
  return String(value);
}

export default async function IncidentPage({ params }: { params: Promise<{ slug: string; incidentId: string }> }) {
  const { slug, incidentId } = await params;
  const access = await requireProjectPage(slug, "incidents:view");
  const { actor, project } = access;
  // Reviewers may see an incident their label opened, but never an output's page (blind review).
  const canReadOutputs = can(access, "outputs:read");
  const incident = await getIncident({ actor, projectSlug: slug, incidentId }).catch((error: unknown) => {
    if (error instanceof NotFoundError) notFound();
    throw error;
  });
  const zone = project.timeZone;
  const editable = incident.canManage && !incident.lockedBySignOff;
  const owners = incident.members.filter((m) => m.role === "qa_lead" || m.role === "admin").map((m) => ({ userId: m.userId, name: m.name }));
  return (
    <>
      <PageHeader
        title={`${incidentReference(incident.number)}: ${incident.title}`}
        description={`${KIND_LABELS[incident.kind]} · ${incident.severity} · ${CATEGORY_LABELS[incident.category as IncidentCategory] ?? incident.category} · ${incident.source === "review" ? "opened by review" : `recorded by hand${incident.reportedVia ? ` (${incident.reportedVia})` : ""}`}`}
        actions={<Link href={`/p/${slug}/incidents`} className="text-sm font-medium text-indigo-700 hover:underline">← Incidents</Link>}
      />
      <div className="space-y-6">
        {incident.lockedBySignOff ? (
          <Alert tone="info">{monthTitle(incident.lockedBySignOff.month)} was signed off on {incident.lockedBySignOff.signedAt.slice(0, 10)}: this incident is read-only. Record a follow-up incident in the current month for anything new.</Alert>
        ) : null}
        {incident.followUpOf ? (
          <Alert tone="info">Follow-up of <Link className="underline" href={`/p/${slug}/incidents/${incident.followUpOf.id}`}>{incidentReference(incident.followUpOf.number)}</Link>, whose month was signed off.</Alert>
        ) : null}
        {incident.closeProposal ? (
          <Alert tone="info">
            A {incident.closeProposal.source ?? "gold"} decision{incident.closeProposal.adjudicator ? ` by ${incident.closeProposal.adjudicator}` : ""} says no harm and proposes closing this as not an incident: “{incident.closeProposal.reason}”
          </Alert>
        ) : null}
        {incident.sla.overdue ? <Alert>Overdue: open for {formatHours(incident.sla.ageHours)}, the {incident.severity} allowance is {formatHours(incident.sla.allowedHours)}.</Alert> : null}

        <Card title="Status">
          <dl className="mb-4 grid grid-cols-2 gap-3 text-sm md:grid-cols-4">
            <div><dt className="text-slate-500">Status</dt><dd className="font-semibold" data-testid="incident-status">{STATUS_LABELS[incident.status]}{incident.closeReason === "not_an_incident" ? " (not an incident)" : ""}</dd></div>
            <div><dt className="text-slate-500">Owner</dt><dd>{incident.owner ?? "unassigned"}</dd></div>
            <div><dt className="text-slate-500">Detected</dt><dd>{formatZoned(incident.detectedAt, zone)}</dd></div>
            <div><dt className="text-slate-500">Mitigated</dt><dd>{formatZoned(incident.mitigatedAt, zone)}</dd></div>
            <div><dt className="text-slate-500">Resolved</dt><dd>{formatZoned(incident.resolvedAt, zone)}</dd></div>
            <div><dt className="text-slate-500">Time to mitigation</dt><dd data-testid="time-to-mitigation">{formatHours(incident.timeToMitigationHours)}</dd></div>
            <div><dt className="text-slate-500">Time to recovery</dt><dd data-testid="time-to-recovery">{formatHours(incident.timeToRecoveryHours)}</dd></div>
            <div><dt className="text-slate-500">SLA</dt><dd>{formatHours(incident.sla.allowedHours)}{incident.sla.overdue ? <span className="ml-1 font-medium text-red-700">overdue</span> : null}</dd></div>
          </dl>
          {incident.rootCause || incident.resolution ? (
            <dl className="mb-4 grid gap-3 text-sm md:grid-cols-2">
              <div><dt className="text-slate-500">Root cause</dt><dd className="whitespace-pre-wrap">{incident.rootCause ?? "—"}</dd></div>
              <div><dt className="text-slate-500">Resolution</dt><dd className="whitespace-pre-wrap">{incident.resolution ?? "—"}</dd></div>
            </dl>
          ) : null}
          {editable ? (
            <StatusForm incidentId={incident.id} number={incident.number} status={incident.status} allowed={incident.allowedTransitions} proposal={incident.closeProposal} />
          ) : null}
        </Card>

        <div className="grid gap-6 lg:grid-cols-2">
          <Card title="Details">
            {editable ? (
              <IncidentFieldsForm
                key={incident.timeline.length}

                timeZone={zone}
                incidentId={incident.id}
                owners={owners}
                initial={{ title: incident.title, description: incident.description, kind: incident.kind, severity: incident.severity, category: incident.category, ownerId: incident.ownerId, detectedAtLocal: instantToZonedLocal(new Date(incident.detectedAt), zone) }}
              />
            ) : (
              <p className="whitespace-pre-wrap text-sm text-slate-700">{incident.description || "No description."}</p>
            )}
          </Card>
          <Card title={`Linked outputs and labels (${incident.outputs.length} / ${incident.labels.length})`}>
            <ul className="mb-3 space-y-1 text-sm">
              {incident.outputs.map((o) => (
                <li key={o.id}>{canReadOutputs ? <Link className="font-mono text-xs text-indigo-700 underline" href={`/p/${slug}/outputs/${o.id}`}>{o.externalId}</Link> : <span className="font-mono text-xs">{o.externalId}</span>} <span className="text-slate-500">{o.taskType ?? ""} · {formatZoned(o.timestamp, zone)}</span></li>
              ))}
              {incident.labels.map((l) => (
                <li key={l.labelId} className="text-slate-600">{l.kind === "gold" ? "Gold decision" : "Label"} by {l.reviewer ?? "—"} · {formatZoned(l.at, zone)} <span className="font-mono text-xs text-slate-400">{l.labelId}</span></li>
              ))}
              {incident.outputs.length + incident.labels.length === 0 ? <li className="text-slate-500">Nothing linked.</li> : null}
            </ul>
            {editable ? <LinkForm incidentId={incident.id} /> : null}
          </Card>
        </div>

        <Card title="Timeline">
          <ol className="space-y-3" aria-label="Timeline">
            {incident.timeline.map((entry) => (
              <li key={entry.id} className="border-l-2 border-slate-200 pl-3 text-sm">
                <p><span className="font-medium">{entry.actor}</span> {ACTION_LABELS[entry.action] ?? entry.action} <span className="text-xs text-slate-500">{formatZoned(entry.at, zone)}</span></p>
                {entry.changes ? (
                  <ul className="text-xs text-slate-600">
                    {Object.entries(entry.changes).map(([field, change]) => (
                      <li key={field}>{field}: {"from" in change ? `${showValue(change.from)} → ` : ""}{showValue(change.to)}</li>
                    ))}
                  </ul>
                ) : null}
                {entry.comment ? <p className="mt-1 whitespace-pre-wrap text-slate-800">{entry.comment}</p> : null}
                {entry.mentions.length ? <p className="text-xs text-slate-500">Mentions {entry.mentions.join(", ")}</p> : null}
              </li>
            ))}
          </ol>
          {editable ? <div className="mt-4 border-t border-slate-200 pt-4"><CommentForm incidentId={incident.id} /></div> : null}
        </Card>
        {incident.notifications ? (
          <Card title="Notifications">
            <p className="mb-2 text-xs text-slate-500">Sent to the project&apos;s webhooks: a new S1/S2, a rise into S1/S2, an owner assigned, @mentions, and once past its SLA.</p>
            {incident.notifications.length === 0 ? (
              <p className="text-sm text-slate-500">None so far.</p>
            ) : (
              <ul className="space-y-2 text-sm" aria-label="Notifications">
                {incident.notifications.map((n) => (
                  <li key={n.id} className="border-l-2 border-slate-200 pl-3">
                    <p><span className="font-medium">{NOTIFICATION_LABELS[n.type]}</span> <span className="text-xs text-slate-500">{formatZoned(n.at, zone)}</span></p>
                    <p className="text-xs text-slate-600" data-testid="notification-state">
                      {n.state === "queued" ? "Queued" : n.state === "no_webhook" ? "Not sent: no webhook was enabled (Settings → Webhooks)" : n.state === "delivered" ? `Delivered to ${n.delivered} webhook${n.delivered === 1 ? "" : "s"}` : n.state === "delivering" ? `Delivered to ${n.delivered} of ${n.webhooks}; retrying the rest` : `Failed: ${n.lastError ?? "see the delivery log"}`}
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </Card>
        ) : null}
      </div>
    </>
  );
}
