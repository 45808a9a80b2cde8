import { expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { seedDemoProject } from "@/lib/server/demo/seed-demo";
import { freezeDatasetVersion } from "@/lib/server/datasets/versions";
import { DEMO_DATASET_NAME } from "./seed-datasets";

it("the demo has one dataset whose first version holds every gold label, frozen with its hash", async () => {
  await seedDemoProject({ now: new Date("2026-03-11T10:00:00Z"), perWeek: 3000, weeks: 2 });
  const db = await prisma();
  const dataset = await db.dataset.findFirstOrThrow({ where: { name: DEMO_DATASET_NAME }, select: { id: true, projectId: true, versions: { select: { version: true, rowCount: true, sha256: true, splits: true, createdById: true } } } });
  expect(dataset.versions).toHaveLength(1);
  const [v1] = dataset.versions;
  const gold = await db.goldLabel.count({ where: { projectId: dataset.projectId } });
  expect(gold).toBeGreaterThan(10);
  expect(v1.rowCount).toBe(gold);
  expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect((v1.splits as { name: string; rows: number }[]).map((s) => s.name)).toEqual(["train", "test"]);
  expect(v1.createdById).not.toBeNull();
  // Nothing changed since: a new version of the same definition hashes the same.
  const again = await freezeDatasetVersion({ projectId: dataset.projectId, actorUserId: null, datasetId: dataset.id, note: null });
  expect(again.sha256).toBe(v1.sha256);
}, 300_000);
