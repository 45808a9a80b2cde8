import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { canInProject } from "@/lib/server/auth/authorize";
import { getDatasetFormChoices, listDatasets } from "@/lib/server/datasets/datasets";
import { CreateDatasetForm } from "./dataset-forms";

export const metadata = { title: "Datasets" };

const formatDate = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

export default async function DatasetsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "datasets:read");
  const [datasets, canManage] = await Promise.all([listDatasets({ actor, projectSlug: slug }), canInProject(actor, slug, "datasets:manage")]);
  const choices = canManage ? await getDatasetFormChoices({ actor, projectSlug: slug }) : null;
  return (
    <>
      <PageHeader title="Datasets" description="Regression datasets: named selections of reviewed outputs with their gold labels, frozen into versions with a SHA-256, exported for eval tools." />
      <div className="space-y-6">
        <Card title={`Datasets (${datasets.length})`}>
          {datasets.length === 0 ? (
            <p className="text-sm text-slate-500">No datasets yet.{canManage ? " Create one below." : ""}</p>
          ) : (
            <table className="min-w-full text-sm">
              <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Name</th><th>Items</th><th>Latest version</th><th>Rows</th><th>SHA-256</th><th>Created</th></tr></thead>
              <tbody>
                {datasets.map((d) => (
                  <tr key={d.id} className="border-t border-slate-100">
                    <td className="py-2"><Link href={`/p/${slug}/datasets/${d.id}`} className="font-medium text-indigo-700 hover:underline">{d.name}</Link>{d.description ? <span className="block text-xs text-slate-500">{d.description}</span> : null}</td>
                    <td>{d.definition.items.replace("_", " ")}</td>
                    <td>{d.latestVersion ? `v${d.latestVersion.version} · ${formatDate(d.latestVersion.createdAt)}` : "none yet"}</td>
                    <td>{d.latestVersion?.rowCount ?? "—"}</td>
                    <td className="font-mono text-xs">{d.latestVersion ? `${d.latestVersion.sha256.slice(0, 12)}…` : "—"}</td>
                    <td>{formatDate(d.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
        {choices ? <Card title="New dataset"><CreateDatasetForm choices={choices} /></Card> : null}
      </div>
    </>
  );
}
