import Link from "next/link";
import { notFound } from "next/navigation";
import { Alert, Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { can, roleCan } from "@/lib/auth/permissions";
import { getReviewOverview } from "@/lib/server/review/manage";
import { listOpenReviewFlags } from "@/lib/server/review/skip-flag";
import { Workspace } from "./workspace";
import { PendingItemsTable, ReviewerLoadTable } from "./manage-forms";
import { ReviewFlagsTable } from "./flags-table";

export const metadata = { title: "Review" };
export const dynamic = "force-dynamic";

export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, ...access } = await requireProjectPage(slug, "project:read");
  const { project } = access;
  // Only a member whose role labels has a queue; an instance admin manages without one.
  const canLabel = roleCan(access, "review:label");
  const canManage = can(access, "review:manage");
  if (!canLabel && !canManage) notFound();
  const [overview, flags] = canManage ? await Promise.all([getReviewOverview({ actor, projectSlug: slug }), listOpenReviewFlags({ actor, projectSlug: slug })]) : [null, []];
  return (
    <>
      <PageHeader
        title="Review"
        description="Label the items routed to you. Keyboard first: number keys, Tab, Enter; x skips, f flags, b goes back."
        actions={canLabel ? <Link href={`/p/${slug}/review/mine`} className="text-sm font-medium text-indigo-700 hover:underline">My labels</Link> : undefined}
      />
      <div className="space-y-6">
        {canLabel ? <Workspace projectSlug={slug} /> : null}
        {overview ? (
          <>
            <Card title="Queues">
              <p className="mb-3 text-sm text-slate-600">
                Open audits: {Object.entries(overview.statusCounts).map(([s, n]) => `${n} ${s.replace("_", " ")}`).join(", ") || "no items yet"}.
              </p>
              <ReviewerLoadTable reviewers={overview.reviewers} />
            </Card>
            {overview.unassigned.length ? (
              <Alert>
                <span data-testid="unassigned-count">{overview.unassigned.length}</span> pending item(s) have fewer reviewers than wanted: nobody with the needed expertise was available, or a reviewer skipped the item. Add a reviewer below.
              </Alert>
            ) : null}
            <Card title={`Skipped or flagged by reviewers (${flags.length})`}>
              <ReviewFlagsTable flags={flags} timeZone={project.timeZone} />
            </Card>
            <Card title={`Pending items (${overview.pending.length})`}>
              <PendingItemsTable projectSlug={slug} items={overview.pending} reviewers={overview.reviewers} />
            </Card>
          </>
        ) : null}
      </div>
    </>
  );
}
