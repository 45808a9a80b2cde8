import Link from "next/link";
import { Alert, Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { NotFoundError } from "@/lib/server/errors";
import { getMyLabel, listMyLabels } from "@/lib/server/review/my-labels";
import { summarizeLabel } from "@/lib/review/label-summary";
import { MyLabelsTable, type MyLabelRow } from "./my-labels-table";
import { LabelEditor } from "./label-editor";

export const metadata = { title: "My labels" };
export const dynamic = "force-dynamic";

export default async function MyLabelsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ label?: string | string[] }> }) {
  const { slug } = await params;
  const { label: labelParam } = await searchParams;
  const labelId = typeof labelParam === "string" && labelParam ? labelParam : null;
  const { actor, project } = await requireProjectPage(slug, "review:label");
  const [{ labels, rubrics }, selected] = await Promise.all([
    listMyLabels({ actor, projectSlug: slug }),
    // Someone else's label or a stale link: say so beside the list rather than a 404 page.
    labelId
      ? getMyLabel({ actor, projectSlug: slug, labelId }).catch((error: unknown) => {
          if (error instanceof NotFoundError) return null;
          throw error;
        })
      : null,
  ]);
  const rows: MyLabelRow[] = labels.map((l) => ({
    id: l.id,
    externalId: l.externalId,
    week: l.week,
    stratum: l.stratum,
    submittedAt: l.submittedAt,
    lastEditedAt: l.edits > 0 ? l.updatedAt : null,
    edits: l.edits,
    summary: summarizeLabel(rubrics[l.rubricId]?.dimensions ?? [], l.values),
  }));
  return (
    <>
      <PageHeader
        title="My labels"
        description="The labels you submitted in open audits. You can change one until its audit is closed; every change is kept in its history."
        actions={<Link href={`/p/${slug}/review`} className="text-sm font-medium text-indigo-700 hover:underline">← Review queue</Link>}
      />
      <div className="space-y-6">
        {labelId && !selected ? <Alert>That label is not one of yours in this project.</Alert> : null}
        {selected ? <LabelEditor key={selected.id} projectSlug={slug} label={selected} timeZone={project.timeZone} /> : null}
        <Card title={`Labels in open audits (${rows.length})`}>
          <MyLabelsTable projectSlug={slug} rows={rows} selectedId={selected?.id ?? null} timeZone={project.timeZone} />
        </Card>
      </div>
    </>
  );
}
