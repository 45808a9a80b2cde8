import { TopBar } from "@/components/shell/top-bar";
import { Card, PageHeader } from "@/components/ui";
import { AuditLogTable } from "@/components/audit-log/audit-log-table";
import { requireInstancePage } from "@/lib/server/auth/pages";
import { listInstanceAuditLog } from "@/lib/server/audit-log/audit-log";
import { auditLogRows } from "@/lib/server/audit-log/rows";

export const metadata = { title: "Instance audit log" };

export default async function InstanceAuditLogPage() {
  const actor = await requireInstancePage("instanceAuditLog:read");
  const entries = await listInstanceAuditLog({ actor, limit: 2000 });
  return (
    <div className="min-h-screen">
      <TopBar user={actor} />
      <main className="mx-auto max-w-6xl space-y-6 px-4 py-8">
        <PageHeader title="Instance audit log" description="Sign-ins (and failed ones) and user administration, appended and never edited. Newest first; the last 2,000 entries. Project changes are in each project's audit log." />
        <Card><AuditLogTable rows={auditLogRows(entries)} /></Card>
      </main>
    </div>
  );
}
