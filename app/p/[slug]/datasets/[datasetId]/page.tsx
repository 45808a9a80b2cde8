import Link from "next/link";
import { notFound } from "next/navigation";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { NotFoundError } from "@/lib/server/errors";
import { getDataset } from "@/lib/server/datasets/datasets";
import { diffWithPreviousVersion } from "@/lib/server/datasets/versions";
import { listExports } from "@/lib/server/datasets/exports";
import { EXPORT_FORMATS } from "@/lib/datasets/types";
import { FORMAT_LABELS } from "@/lib/datasets/export";
import type { DatasetDefinition } from "@/lib/datasets/types";
import { CreateVersionForm } from "../dataset-forms";

export const metadata = { title: "Dataset" };

const formatDate = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");
const show = (value: unknown) => (value === null || value === undefined ? "—" : Array.isArray(value) ? value.join(", ") || "(none)" : String(value));

function describeDefinition(d: DatasetDefinition): [string, string][] {
  return [
    ["Items", d.items.replace("_", " ")],
    ["Audits", d.auditIds.length ? `${d.auditIds.length} chosen` : "all"],
    ["Dates", d.from || d.to ? `${d.from ?? "…"} to before ${d.to ?? "…"}` : "any"],
    ["Strata", d.strata.join(", ") || "all"],
    ["Task types", d.filters.taskTypes.join(", ") || "all"],
    ["Dimensions", d.dimensions.join(", ") || "all"],
    ["Only failures", d.filters.onlyFailures ? "yes" : "no"],
    ["Minimum agreement", d.minAgreement === null ? "none" : String(d.minAgreement)],
    ["Expected output", d.expectedDimension ?? "none"],
    ["Split", d.split.kind === "hash" ? `train/test, ${Math.round(d.split.testShare * 100)}% test by hash of output id (seed ${d.split.seed})` : "none (all test)"],
    ["Reviewers", d.reviewerIdentity === "names" ? "names" : "pseudonymous ids"],
  ];
}

export default async function DatasetPage({ params, searchParams }: { params: Promise<{ slug: string; datasetId: string }>; searchParams: Promise<{ diff?: string }> }) {
  const { slug, datasetId } = await params;
  const { diff: diffParam } = await searchParams;
  const { actor } = await requireProjectPage(slug, "datasets:read");
  let dataset;
  try {
    dataset = await getDataset({ actor, projectSlug: slug, datasetId });
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
  const [canManage, canExport] = await Promise.all([canInProject(actor, slug, "datasets:manage"), canInProject(actor, slug, "datasets:export")]);
  const diffVersion = diffParam && /^\d+$/.test(diffParam) ? Number(diffParam) : dataset.versions[0]?.version;
  const diff = diffVersion && diffVersion > 1 && dataset.versions.some((v) => v.version === diffVersion) ? await diffWithPreviousVersion({ actor, projectSlug: slug, datasetId, version: diffVersion }) : null;
  const exports = await listExports({ actor, projectSlug: slug, datasetId });
  return (
    <>
      <PageHeader
        title={`Dataset ${dataset.name}`}
        description={dataset.description ?? "A regression dataset: each version freezes its rows, row count and SHA-256 when it is made and never changes."}
        actions={<Link href={`/p/${slug}/datasets`} className="text-sm font-medium text-indigo-700 hover:underline">← All datasets</Link>}
      />
      <div className="space-y-6">
        <Card title="Definition">
          <dl className="grid grid-cols-1 gap-x-6 gap-y-1 text-sm md:grid-cols-2">
            {describeDefinition(dataset.definition).map(([k, v]) => (
              <div key={k} className="flex gap-2"><dt className="w-40 shrink-0 text-slate-500">{k}</dt><dd>{v}</dd></div>
            ))}
          </dl>
        </Card>
        {canManage ? <Card title="New version"><CreateVersionForm datasetId={dataset.id} /></Card> : null}
        <Card title={`Versions (${dataset.versions.length})`}>
          {dataset.versions.length === 0 ? <p className="text-sm text-slate-500">No versions yet.</p> : (
            <table className="min-w-full text-sm" aria-label="Versions">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Version</th><th>Made</th><th>By</th><th>Note</th><th>Rows</th><th>SHA-256</th><th>Download</th></tr></thead>
              <tbody>
                {dataset.versions.map((v) => (
                  <tr key={v.id} className="border-t border-slate-100 align-top">
                    <td className="py-2 font-medium">v{v.version}{v.version > 1 ? <Link href={`?diff=${v.version}`} className="block text-xs font-normal text-indigo-700 hover:underline">diff from v{v.version - 1}</Link> : null}</td>
                    <td>{formatDate(v.createdAt)}</td>
                    <td>{v.createdBy ?? "operator"}</td>
                    <td className="max-w-xs">{v.note ?? "—"}</td>
                    <td>{v.rowCount}<span className="block text-xs text-slate-500">{v.splits.map((s) => `${s.name} ${s.rows}`).join(" · ")}</span></td>
                    <td><code className="break-all font-mono text-xs" aria-label={`SHA-256 of v${v.version}`}>{v.sha256}</code></td>
                    <td>
                      {canExport ? (
                        <ul className="space-y-0.5 text-xs">
                          {EXPORT_FORMATS.map((f) => (
                            <li key={f}><a href={`/api/v1/datasets/${dataset.id}/versions/${v.version}?format=${f}`} className="text-indigo-700 hover:underline" download aria-label={`Download v${v.version} as ${FORMAT_LABELS[f]}`}>{FORMAT_LABELS[f]}</a></li>
                          ))}
                        </ul>
                      ) : "—"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {diff ? (
          <Card title={`Changes in v${diffVersion} since v${diff.previous}`}>
            <p className="mb-3 text-sm" role="status">{diff.diff.counts.added} added · {diff.diff.counts.removed} removed · {diff.diff.counts.changed} changed · {diff.diff.counts.unchanged} unchanged</p>
            {diff.diff.changed.length ? (
              <table className="mb-3 min-w-full text-sm" aria-label="Changed rows">
                <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Output</th><th>Dimensions (old → new)</th><th>Other fields</th></tr></thead>
                <tbody>
                  {diff.diff.changed.map((c) => (
                    <tr key={c.outputId} className="border-t border-slate-100 align-top">
                      <td className="py-1 font-mono text-xs">{c.outputId}</td>
                      <td>{c.dimensions.length ? c.dimensions.map((d) => <div key={d.key}><span className="font-medium">{d.key}</span>: {show(d.from)} → {show(d.to)}</div>) : "—"}</td>
                      <td className="text-xs text-slate-600">{c.fields.join(", ") || "—"}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : null}
            {diff.diff.added.length ? <p className="text-sm"><span className="font-medium">Added:</span> <span className="font-mono text-xs">{diff.diff.added.join(", ")}</span>{diff.diff.counts.added > diff.diff.added.length ? " …" : ""}</p> : null}
            {diff.diff.removed.length ? <p className="text-sm"><span className="font-medium">Removed:</span> <span className="font-mono text-xs">{diff.diff.removed.join(", ")}</span>{diff.diff.counts.removed > diff.diff.removed.length ? " …" : ""}</p> : null}
          </Card>
        ) : null}
        <Card title="Export log">
          {exports.length === 0 ? <p className="text-sm text-slate-500">Not exported yet.</p> : (
            <table className="min-w-full text-sm">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">When</th><th>Version</th><th>Format</th><th>Via</th><th>By</th></tr></thead>
              <tbody>
                {exports.map((e) => (
                  <tr key={e.id} className="border-t border-slate-100"><td className="py-1">{formatDate(e.createdAt)}</td><td>v{e.version}</td><td>{e.format}</td><td>{e.via}</td><td>{e.by}</td></tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </div>
    </>
  );
}
