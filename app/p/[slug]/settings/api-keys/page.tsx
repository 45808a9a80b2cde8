import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { listApiKeys } from "@/lib/server/projects/api-keys";
import { formatMoment } from "@/lib/format/dates";
import { CreateApiKeyForm, RevokeApiKeyButton } from "./api-key-forms";

export const metadata = { title: "API keys" };


export default async function ApiKeysPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project } = await requireProjectPage(slug, "apiKeys:manage");
  const keys = await listApiKeys({ actor, projectSlug: slug });
  const now = new Date();
  const formatDate = (d: Date | null) => (d ? formatMoment(d, { timeZone: project.timeZone, now }) : "—");
  return (
    <>
      <PageHeader title="API keys" description="Keys let your services send logged outputs (ingest) and pull datasets (export). Only a hash is stored." />
      <div className="space-y-6">
        <Card title="Keys">
          {keys.length === 0 ? <p className="text-sm text-slate-500">No keys yet.</p> : (
            <table className="min-w-full text-sm">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Name</th><th>Key</th><th>Scopes</th><th>Created</th><th>Last used</th><th>Status</th><th /></tr></thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id} className="border-t border-slate-100">
                    <td className="py-2">{k.name}</td>
                    <td className="font-mono text-xs">{k.prefix}…</td>
                    <td>{k.scopes.join(", ")}</td>
                    <td>{formatDate(k.createdAt)}{k.createdBy ? <span className="block text-xs text-slate-500">{k.createdBy.email}</span> : null}</td>
                    <td>{formatDate(k.lastUsedAt)}</td>
                    <td>{k.revokedAt ? <span className="text-red-700">revoked {formatDate(k.revokedAt)}</span> : <span className="text-emerald-700">active</span>}</td>
                    <td>{k.revokedAt ? null : <RevokeApiKeyButton apiKeyId={k.id} name={k.name} prefix={k.prefix} />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        <Card title="New key"><CreateApiKeyForm /></Card>
      </div>
    </>
  );
}
