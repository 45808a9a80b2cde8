import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { ValidationError } from "@/lib/server/errors";
import { getIncidentSettings, listIncidents, SORT_FIELDS } from "@/lib/server/incidents/incidents";
import { listIncidentOwners } from "@/lib/server/incidents/owners";
import { can } from "@/lib/auth/permissions";
import { formatZoned } from "@/lib/incidents/local-time";
import { monthKeyAt, shiftMonth } from "@/lib/incidents/monthly";
import { SEVERITIES, SEVERITY_DEFINITIONS } from "@/lib/incidents/types";
import { formatHours } from "@/lib/incidents/lifecycle";
import { IncidentsTable, type IncidentRow } from "./incidents-table";
import { SlaForm } from "./incident-forms";

export const metadata = { title: "Incidents" };
export const dynamic = "force-dynamic";

type Search = Record<string, string | string[] | undefined>;
const one = (value: string | string[] | undefined) => (typeof value === "string" && value ? value : undefined);

export default async function IncidentsPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Search> }) {
  const { slug } = await params;
  const search = await searchParams;
  const { actor, ...access } = await requireProjectPage(slug, "incidents:view");
  const { project } = access;
  const sortField = (SORT_FIELDS as readonly string[]).includes(one(search.sort) ?? "") ? (one(search.sort) as (typeof SORT_FIELDS)[number]) : "detected";
  const filters = {
    status: one(search.status),
    severity: one(search.severity),
    kind: one(search.kind),
    category: one(search.category),
    ownerId: one(search.owner),
    month: one(search.month),
    overdue: one(search.overdue) === "1" ? true : undefined,
  };
  // A hand-edited or stale URL: say what is wrong and show the unfiltered first page.
  const { list, error } = await listIncidents({ actor, projectSlug: slug, filters, sort: { field: sortField, direction: one(search.dir) === "asc" ? "asc" : "desc" }, cursor: one(search.cursor) ?? null })
    .then((list) => ({ list, error: null as string | null }))
    .catch(async (e: unknown) => {
      if (!(e instanceof ValidationError)) throw e;
      return { list: await listIncidents({ actor, projectSlug: slug }), error: e.message };
    });
  const [{ sla, canManage }, owners] = await Promise.all([getIncidentSettings({ actor, projectSlug: slug }), list.ownOnly ? [] : listIncidentOwners({ actor, projectSlug: slug })]);
  const rows: IncidentRow[] = list.incidents.map((i) => ({ ...i, detected: formatZoned(i.detectedAt, project.timeZone) }));
  const thisMonth = monthKeyAt(new Date(), project.timeZone);
  const months = Array.from({ length: 12 }, (_, k) => shiftMonth(thisMonth, -k));
  const readsReview = can(access, "monthlyReview:read");
  return (
    <>
      <PageHeader
        title="Incidents"
        description={
          list.ownOnly
            ? "The incidents your labels opened. QA leads triage and close them; you can follow what happens here."
            : "Harm, near misses and boundary violations: opened by review labels that mark harm, or recorded by hand. Every change is kept in each incident's timeline."
        }
        actions={
          <div className="flex gap-3 text-sm">
            {readsReview ? <Link href={`/p/${slug}/incidents/review/${shiftMonth(thisMonth, -1)}`} className="font-medium text-indigo-700 hover:underline">Monthly review</Link> : null}
            {canManage ? <Link href={`/p/${slug}/incidents/new`} className="rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-500">Record an incident</Link> : null}
          </div>
        }
      />
      <div className="space-y-6">
        {error ? <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 ring-1 ring-red-200">{error}</p> : null}
        <IncidentsTable projectSlug={slug} rows={rows} owners={owners} months={months} nextCursor={list.nextCursor} sort={list.sort} />
        <Card title="Time allowed per severity (SLA)">
          <p className="mb-3 text-sm text-slate-600">An incident not closed within its severity&apos;s allowance counts as overdue in this list and in the monthly review.</p>
          {canManage ? (
            <SlaForm sla={sla} />
          ) : (
            <dl className="grid grid-cols-4 gap-3 text-sm">
              {SEVERITIES.map((s) => (
                <div key={s}><dt className="font-medium">{s}</dt><dd>{formatHours(sla[s])}</dd></div>
              ))}
            </dl>
          )}
          <ul className="mt-3 space-y-1 text-xs text-slate-500">
            {SEVERITIES.map((s) => <li key={s}><span className="font-semibold">{s}</span>: {SEVERITY_DEFINITIONS[s]}</li>)}
          </ul>
        </Card>
      </div>
    </>
  );
}
