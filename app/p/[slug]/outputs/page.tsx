import { Alert, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { listProjectOutputs } from "@/lib/server/outputs/explorer";
import { explorerSearch, parseExplorerParams } from "@/lib/outputs/explorer";
import { OutputsExplorer } from "./outputs-explorer";
import { IncidentBulkActions } from "./incident-bulk-actions";
import { OUTPUT_SELECTION_FORM_ID } from "./selection";
import { canManageIncidents } from "@/lib/server/incidents/access";
import { listLinkableIncidents } from "@/lib/server/incidents/incidents";

export const metadata = { title: "Outputs" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;

function toParams(search: Search): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(search)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) params.append(key, v);
  }
  return params;
}

// Every logged output, not just the sample: filters live in the URL (a GET form), pages are
// keyset pages (no OFFSET), and the count stops at 10,000.
export default async function OutputsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const urlParams = toParams(await searchParams);
  const { actor } = await requireProjectPage(slug, "outputs:read");
  const { filter, sort, cursor, errors } = parseExplorerParams(urlParams);
  const view = await listProjectOutputs({ actor, projectSlug: slug, filter, sort, cursor, withCount: true });
  // QA leads and admins may turn a selection into near misses or link it to an incident (issue 16).
  const incidentActions = (await canManageIncidents(actor, slug)) ? await listLinkableIncidents({ actor, projectSlug: slug }) : null;
  return (
    <>
      <PageHeader title="Outputs" description="Every logged output of this project: filter, search and open any of them." />
      {errors.length ? (
        <div className="mb-3">
          <Alert>{errors.map((e) => `${e.field}: ${e.message}`).join("; ")} (ignored)</Alert>
        </div>
      ) : null}
      {incidentActions ? (
        <div className="mb-3">
          <IncidentBulkActions projectSlug={slug} pageOutputIds={view.rows.map((r) => r.id)} incidents={incidentActions} />
        </div>
      ) : null}
      <OutputsExplorer
        selectionFormId={incidentActions ? OUTPUT_SELECTION_FORM_ID : undefined}
        projectSlug={slug}
        filter={filter}
        sort={sort}
        rows={view.rows}
        count={view.count}
        onFirstPage={!cursor}
        nextHref={view.nextCursor ? `/p/${slug}/outputs${explorerSearch(filter, sort, view.nextCursor)}${urlParams.get("cols") ? `&cols=${encodeURIComponent(urlParams.get("cols")!)}` : ""}` : null}
        firstHref={`/p/${slug}/outputs${explorerSearch(filter, sort)}`}
        columns={urlParams.get("cols")}
        taskTypes={view.taskTypes}
        models={view.models}
      />
    </>
  );
}
