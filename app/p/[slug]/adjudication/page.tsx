import Link from "next/link";
import { Alert, Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getAdjudicationCase, listAdjudicationQueue } from "@/lib/server/review/gold";
import { ItemView } from "../review/item-view";
import { AdjudicationCaseView } from "./adjudication-form";

export const metadata = { title: "Adjudication" };
export const dynamic = "force-dynamic";

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

// One disagreement at a time, the queue beside it: after a decision the next one opens.
export default async function AdjudicationPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<{ item?: string | string[]; decided?: string | string[] }> }) {
  const { slug } = await params;
  const search = await searchParams;
  const { actor, project } = await requireProjectPage(slug, "adjudication:decide");
  const { entries, total } = await listAdjudicationQueue({ actor, projectSlug: slug });
  const wanted = single(search.item);
  const selected = entries.find((e) => e.sampledItemId === wanted) ?? entries[0];
  const opened = selected ? await getAdjudicationCase({ actor, projectSlug: slug, sampledItemId: selected.sampledItemId }) : null;
  const decided = single(search.decided);
  return (
    <>
      <PageHeader title="Adjudication" description={<><span data-testid="adjudication-total">{total}</span> item(s) whose reviewers disagree. Your decision and rationale become the gold label.</>} />
      {decided ? <div className="mb-4"><Alert tone="success">Gold label recorded for <span className="font-mono">{decided}</span>.{selected ? " The next disagreement is open." : ""}</Alert></div> : null}
      {!opened ? (
        <p className="text-sm text-slate-600" data-testid="adjudication-empty">Nothing to adjudicate.</p>
      ) : (
        <div className="grid gap-4 xl:grid-cols-[15rem_minmax(0,1fr)]">
          <nav aria-label="Adjudication queue" className="max-h-[75vh] overflow-y-auto rounded-lg border border-slate-200 bg-white">
            <ol className="divide-y divide-slate-100 text-sm" data-testid="adjudication-queue">
              {entries.map((entry) => {
                const current = entry.sampledItemId === opened.item.sampledItemId;
                return (
                  <li key={entry.sampledItemId}>
                    <Link
                      href={`/p/${slug}/adjudication?item=${entry.sampledItemId}`}
                      aria-current={current ? "true" : undefined}
                      className={`block px-3 py-2 ${current ? "bg-indigo-50" : "hover:bg-slate-50"}`}
                    >
                      <span className="block truncate font-mono text-xs text-slate-800" data-testid="queue-external-id">{entry.externalId}</span>
                      <span className="block text-xs text-slate-500">{entry.week} · {entry.stratum || "—"} · {entry.labels} labels</span>
                      <span className="block truncate text-xs text-amber-700">{entry.disagreements.join(", ")}</span>
                    </Link>
                  </li>
                );
              })}
            </ol>
            {total > entries.length ? <p className="px-3 py-2 text-xs text-slate-500">The oldest {entries.length} of {total} are listed.</p> : null}
          </nav>
          <Card title={<span>Week {opened.item.week} · {opened.item.stratum || "—"} · disagree on {opened.item.disagreements.join(", ")}</span>} actions={<Link className="text-sm text-indigo-700 underline" href={`/p/${slug}/outputs/${opened.item.outputId}`}>Output page</Link>}>
            <div className="grid gap-4 lg:grid-cols-2">
              <ItemView output={{ ...opened.item.output, taskType: null, model: null }} timeZone={project.timeZone} />
              <AdjudicationCaseView key={opened.item.sampledItemId} item={opened.item} dimensions={opened.rubric.dimensions} />
            </div>
          </Card>
        </div>
      )}
    </>
  );
}
