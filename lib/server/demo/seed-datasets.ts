// Demo: one regression dataset over the demo project's gold labels, with a first version frozen,
// so the Datasets pages show a real version (hash, rows, splits, downloads) from the start.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { DEMO_PROJECT, DEMO_USERS } from "@/lib/demo/users";
import { parseDatasetDefinition } from "@/lib/datasets/definition";
import { freezeDatasetVersion } from "@/lib/server/datasets/versions";
import type { Prisma } from "@/generated/prisma/client";

export const DEMO_DATASET_NAME = "support-regression";

export async function seedDemoDatasets(): Promise<{ dataset: string; rows: number; sha256: string } | null> {
  const db = await prisma();
  const project = await db.project.findUnique({ where: { slug: DEMO_PROJECT.slug }, select: { id: true } });
  if (!project) return null;
  if (await db.dataset.findFirst({ where: { projectId: project.id, name: DEMO_DATASET_NAME }, select: { id: true } })) return null;
  const mlEmail = DEMO_USERS.find((u) => u.role === "ml_engineer")?.email;
  const ml = mlEmail ? await db.user.findUnique({ where: { email: mlEmail }, select: { id: true } }) : null;
  const definition = parseDatasetDefinition({
    items: "gold",
    expectedDimension: "corrected_output",
    split: { kind: "hash", testShare: 0.2, seed: DEMO_DATASET_NAME },
  });
  const dataset = await db.dataset.create({
    data: { projectId: project.id, name: DEMO_DATASET_NAME, description: "Every gold-labelled output of the demo audits, 80/20 train/test.", definition: definition as Prisma.InputJsonValue, createdById: ml?.id ?? null },
    select: { id: true },
  });
  const version = await freezeDatasetVersion({ projectId: project.id, actorUserId: ml?.id ?? null, datasetId: dataset.id, note: "Demo: the gold labels of the first reviewed week" });
  return { dataset: DEMO_DATASET_NAME, rows: version.rowCount, sha256: version.sha256 };
}
