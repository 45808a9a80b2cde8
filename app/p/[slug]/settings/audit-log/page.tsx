import { Card, PageHeader } from "@/components/ui";
import { AuditLogTable } from "@/components/audit-log/audit-log-table";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { listProjectAuditLog } from "@/lib/server/audit-log/audit-log";
import { auditLogRows } from "@/lib/server/audit-log/rows";

export const metadata = { title: "Audit log" };

export default async function ProjectAuditLogPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "auditLog:read");
  const entries = await listProjectAuditLog({ actor, projectSlug: slug, limit: 2000 });
  return (
    <>
      <PageHeader title="Audit log" description="Every change to members, roles, API keys, webhooks and alerts of this project, appended and never edited. Newest first; the last 2,000 entries." />
      <Card><AuditLogTable rows={auditLogRows(entries)} /></Card>
    </>
  );
}
