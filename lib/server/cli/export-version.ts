// The database side of `npm run assay -- export`: which dataset version the operator named. The
// CLI (scripts/cli/export.ts) reaches the database only through here and lib/server/datasets.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { NotFoundError, ValidationError } from "@/lib/server/errors";
import { findVersion, type StoredVersion } from "@/lib/server/datasets/versions";

export type CliExportTarget = { projectId: string; projectSlug: string; projectName: string; version: StoredVersion };

/** A dataset is named by its name, and by its project's slug when several projects use the name. */
export async function findVersionForOperator(input: { datasetName: string; projectSlug?: string; version: number }): Promise<CliExportTarget> {
  const db = await prisma();
  const datasets = await db.dataset.findMany({
    where: { name: input.datasetName, ...(input.projectSlug ? { project: { slug: input.projectSlug } } : {}) },
    select: { id: true, projectId: true, project: { select: { slug: true, name: true } } },
  });
  if (datasets.length === 0) throw new NotFoundError(`No dataset named "${input.datasetName}"${input.projectSlug ? ` in project "${input.projectSlug}"` : ""}.`);
  if (datasets.length > 1) {
    throw new ValidationError([{ field: "project", message: `several projects have a dataset named "${input.datasetName}" (${datasets.map((d) => d.project.slug).join(", ")}): add --project <slug>` }]);
  }
  const [dataset] = datasets;
  const version = await findVersion(db, { projectId: dataset.projectId, datasetId: dataset.id, version: input.version });
  if (!version) throw new NotFoundError(`Dataset "${input.datasetName}" has no version ${input.version}.`);
  return { projectId: dataset.projectId, projectSlug: dataset.project.slug, projectName: dataset.project.name, version };
}
