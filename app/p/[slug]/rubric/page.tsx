import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { countLabelsByDimensionKey, getCurrentRubric, listRubricVersions } from "@/lib/server/review/rubrics";
import { RubricEditor } from "./rubric-editor";
import { formatDateTimeWithZone } from "@/lib/format/dates";

export const metadata = { title: "Rubric" };
export const dynamic = "force-dynamic";

export default async function RubricPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project } = await requireProjectPage(slug, "rubric:edit");
  const [rubric, versions, labelsByKey] = await Promise.all([
    getCurrentRubric({ actor, projectSlug: slug }),
    listRubricVersions({ actor, projectSlug: slug }),
    countLabelsByDimensionKey({ actor, projectSlug: slug }),
  ]);
  return (
    <>
      <PageHeader
        title="Rubric"
        description={<>Version <span data-testid="rubric-version">{rubric.version}</span> is in force. Every save is a new version; each label records the version it was made with.</>}
      />
      <div className="space-y-6">
        <RubricEditor projectSlug={slug} version={rubric.version} spec={{ dimensions: rubric.dimensions, guidelines: rubric.guidelines }} labelsByKey={labelsByKey} />
        <Card title="Versions">
          <ul className="text-sm text-slate-700">
            {versions.map((v) => <li key={v.id}>v{v.version} · {formatDateTimeWithZone(v.createdAt, project.timeZone)} · {v._count.labels} label(s)</li>)}
          </ul>
        </Card>
      </div>
    </>
  );
}
