import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getCurrentRubric, listRubricVersions } from "@/lib/server/review/rubrics";
import { RubricEditor } from "./rubric-editor";

export const metadata = { title: "Rubric" };
export const dynamic = "force-dynamic";

export default async function RubricPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "rubric:edit");
  const [rubric, versions] = await Promise.all([getCurrentRubric({ actor, projectSlug: slug }), listRubricVersions({ actor, projectSlug: slug })]);
  return (
    <>
      <PageHeader title="Rubric" description={`Version ${rubric.version} is in force. Every save is a new version; each label records the version it was made with.`} />
      <div className="space-y-6">
        <Card title="Dimensions">
          <ul className="space-y-1 text-sm">
            {rubric.dimensions.map((d) => (
              <li key={d.key}>
                <span className="font-medium">{d.label}</span> <span className="text-slate-500">({d.kind}{d.required ? ", required" : ""}{d.when ? `, when ${d.when.key} is ${d.when.in.join("/")}` : ""}{d.requiresContext ? ", outputs with context" : ""})</span>
                {"options" in d ? <span className="text-slate-600">: {d.options.map((o) => o.label).join(" / ")}</span> : null}
                {d.kind === "scale" ? <span className="text-slate-600">: {d.min}–{d.max}</span> : null}
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Edit"><RubricEditor projectSlug={slug} dimensionsJson={JSON.stringify(rubric.dimensions, null, 2)} guidelines={rubric.guidelines ?? ""} /></Card>
        <Card title="Versions">
          <ul className="text-sm text-slate-700">
            {versions.map((v) => <li key={v.id}>v{v.version} · {v.createdAt.toISOString().slice(0, 16).replace("T", " ")} · {v._count.labels} label(s)</li>)}
          </ul>
        </Card>
      </div>
    </>
  );
}
