import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { readCheckSettings } from "@/lib/server/outputs/check-settings";
import { ChecksForm, ResumeBackfillForm } from "./checks-form";

export const metadata = { title: "Population checks" };
export const dynamic = "force-dynamic";

export default async function ChecksPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "checks:edit");
  const view = await readCheckSettings({ actor, projectSlug: slug });
  return (
    <>
      <PageHeader
        title="Population checks"
        description="Computed for every logged output at ingest, not for a sample. Saving a change makes a new version and recomputes every stored output in the background; the overview and the explorer follow."
      />
      <div className="mb-4">
        <Card title="Status">
          <p className="text-sm" data-testid="checks-status">
            Version {view.version}
            {view.version === 0 ? " (defaults: refusal by signal or phrases only)" : ""}.{" "}
            {view.backfill.done ? (view.backfill.doneAt ? `All outputs recomputed (${view.backfill.doneAt.slice(0, 16).replace("T", " ")} UTC).` : "Nothing to recompute.") : "Recomputing stored outputs…"}
          </p>
          {!view.backfill.done ? <ResumeBackfillForm /> : null}
        </Card>
      </div>
      <Card title="Definitions"><ChecksForm settings={view.settings} /></Card>
    </>
  );
}
