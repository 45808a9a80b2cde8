import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getCurrentRubric, getRubricUsage, listRubricVersions } from "@/lib/server/review/rubrics";
import { RubricEditor } from "./rubric-editor";
import { formatDateTimeWithZone } from "@/lib/format/dates";

export const metadata = { title: "Rubric" };
export const dynamic = "force-dynamic";

export default async function RubricPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project } = await requireProjectPage(slug, "rubric:edit");
  const [rubric, versions, usage] = await Promise.all([
    getCurrentRubric({ actor, projectSlug: slug }),
    listRubricVersions({ actor, projectSlug: slug }),
    getRubricUsage({ actor, projectSlug: slug }),
  ]);
  return (
    <>
      <PageHeader
        title="Rubric"
        description={<>Version <span data-testid="rubric-version">{rubric.version}</span> is in force. Every save is a new version; each label records the version it was made with. Keys and option values that labels use are frozen: their label text may change, a new key is a new dimension.</>}
      />
      <div className="space-y-6">
        <RubricEditor version={rubric.version} spec={{ dimensions: rubric.dimensions, guidelines: rubric.guidelines }} usage={usage} />
        <Card title="Versions">
          <ul className="text-sm text-slate-700">
            {versions.map((v) => <li key={v.id}>v{v.version} · {formatDateTimeWithZone(v.createdAt, project.timeZone)} · {v._count.labels} label(s)</li>)}
          </ul>
        </Card>
      </div>
    </>
  );
}
