import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { listPendingDeliveries, listWebhooks } from "@/lib/server/webhooks/webhooks";
import { CreateWebhookForm, WebhookRowActions } from "./webhook-forms";

export const metadata = { title: "Webhooks" };

const when = (d: Date) => d.toISOString().slice(0, 19).replace("T", " ") + " UTC";

export default async function WebhooksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "webhooks:manage");
  const [{ webhooks, deliveries }, pending] = await Promise.all([listWebhooks({ actor, projectSlug: slug }), listPendingDeliveries({ actor, projectSlug: slug })]);
  const urlOf = new Map(webhooks.map((w) => [w.id, w.url]));
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Alerts (a metric turning rising or critical, agreement falling) and incident notifications (a new S1/S2, a rise into S1/S2, an owner assigned, @mentions, past its SLA) are posted here as JSON with a Slack-compatible text, signed the Standard Webhooks way (webhook-id, webhook-timestamp, webhook-signature). Failed deliveries are retried with backoff for about 24 hours."
      />
      <div className="space-y-6">
        <Card title="Webhooks">
          {webhooks.length === 0 ? <p className="text-sm text-slate-500">No webhooks yet: alerts are recorded and shown under Alerts only.</p> : (
            <table className="min-w-full text-sm">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">URL</th><th>Description</th><th>Status</th><th>Added</th><th /></tr></thead>
              <tbody>
                {webhooks.map((w) => (
                  <tr key={w.id} className="border-t border-slate-100 align-top">
                    <td className="max-w-xs break-all py-2 font-mono text-xs">{w.url}</td>
                    <td className="py-2">{w.description ?? "—"}</td>
                    <td className="py-2">{w.enabled ? <span className="text-emerald-700">enabled</span> : <span className="text-slate-500">disabled</span>}</td>
                    <td className="py-2 whitespace-nowrap">{when(w.createdAt)}</td>
                    <td className="py-2"><WebhookRowActions webhookId={w.id} enabled={w.enabled} url={w.url} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Add a webhook"><CreateWebhookForm /></Card>
        <Card title="Queued and failed deliveries">
          {pending.length === 0 ? <p className="text-sm text-slate-500">None: every alert so far was delivered.</p> : (
            <table className="min-w-full text-sm" aria-label="Queued and failed deliveries">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Alert or notification</th><th>Webhook</th><th>Status</th><th>Attempts</th><th>Next try</th><th>Last error</th></tr></thead>
              <tbody>
                {pending.map((job) => {
                  const payload = job.payload as { alertId?: string; notificationJobId?: string; webhookId?: string };
                  return (
                    <tr key={job.id} className="border-t border-slate-100">
                      <td className="py-1.5 font-mono text-xs">{payload.alertId ?? (payload.notificationJobId ? `incident ${payload.notificationJobId}` : "—")}</td>
                      <td className="max-w-[16rem] truncate font-mono text-xs">{urlOf.get(payload.webhookId ?? "") ?? "deleted webhook"}</td>
                      <td>{job.status === "failed" ? <span className="text-red-700">failed</span> : job.status}</td>
                      <td>{job.attempts} of {job.maxAttempts}</td>
                      <td className="whitespace-nowrap">{job.status === "failed" ? "—" : when(job.runAt)}</td>
                      <td className="text-xs text-slate-700">{job.lastError ?? "—"}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="Recent deliveries">
          {deliveries.length === 0 ? <p className="text-sm text-slate-500">Nothing sent yet.</p> : (
            <table className="min-w-full text-sm" aria-label="Recent deliveries">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">When</th><th>Webhook</th><th>Message</th><th>Attempt</th><th>Answer</th><th>Time</th></tr></thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} className="border-t border-slate-100">
                    <td className="py-1.5 whitespace-nowrap">{when(d.createdAt)}</td>
                    <td className="max-w-[16rem] truncate font-mono text-xs" title={urlOf.get(d.webhookId)}>{urlOf.get(d.webhookId)}</td>
                    <td className="font-mono text-xs">{d.messageId}</td>
                    <td>{d.attempt}</td>
                    <td>{d.error ? <span className="text-red-700">{d.statusCode ?? "no answer"}: {d.error}</span> : <span className="text-emerald-700">{d.statusCode}</span>}</td>
                    <td>{d.durationMs} ms</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
