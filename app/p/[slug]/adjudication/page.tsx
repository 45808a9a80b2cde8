import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { listAdjudicationQueue } from "@/lib/server/review/gold";
import { ItemView } from "../review/item-view";
import { AdjudicationCaseView } from "./adjudication-form";

export const metadata = { title: "Adjudication" };
export const dynamic = "force-dynamic";

export default async function AdjudicationPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "adjudication:decide");
  const { cases, total, rubric } = await listAdjudicationQueue({ actor, projectSlug: slug, limit: 20 });
  return (
    <>
      <PageHeader title="Adjudication" description={<><span data-testid="adjudication-total">{total}</span> item(s) whose reviewers disagree. Your decision and rationale become the gold label.</>} />
      {cases.length === 0 ? <p className="text-sm text-slate-600" data-testid="adjudication-empty">Nothing to adjudicate.</p> : null}
      <div className="space-y-6">
        {cases.map((item) => (
          <Card key={item.sampledItemId} title={<span>Week {item.week} · {item.stratum || "—"} · disagree on {item.disagreements.join(", ")}</span>}>
            <div className="grid gap-4 lg:grid-cols-2">
              <ItemView output={{ ...item.output, taskType: null, model: null }} />
              <AdjudicationCaseView projectSlug={slug} item={item} dimensions={rubric.dimensions} />
            </div>
          </Card>
        ))}
      </div>
    </>
  );
}
