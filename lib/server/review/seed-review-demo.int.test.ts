import { expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { seedDemoProject } from "@/lib/server/demo/seed-demo";

it("the demo leaves reviewer@demo.assay open items and disagreements for qa@demo.assay to adjudicate", async () => {
  const report = await seedDemoProject({ now: new Date("2026-03-11T10:00:00Z"), perWeek: 3000, weeks: 2 });
  const db = await prisma();
  expect(report.reviews!.labelled).toBeGreaterThan(20);
  expect(report.reviews!.needsAdjudication).toBeGreaterThanOrEqual(2);
  const reviewer = await db.user.findUniqueOrThrow({ where: { email: "reviewer@demo.assay" } });
  expect(await db.assignment.count({ where: { reviewerId: reviewer.id, status: "assigned" } })).toBeGreaterThanOrEqual(10);
  expect(await db.goldLabel.count({ where: { source: "consensus" } })).toBeGreaterThan(10);
  // Labels follow the planted defects, so some items are labelled as failures, not all as perfect.
  const labels = await db.label.findMany({ select: { values: true } });
  expect(labels.some((l) => (l.values as { task_outcome?: string }).task_outcome !== "full_success")).toBe(true);
  // A QA lead's review page shows one item a reviewer skipped (with its reason) and one flagged.
  const handovers = await db.reviewFlag.findMany({ select: { kind: true, reason: true, assignmentId: true, resolvedAt: true } });
  expect(handovers.map((f) => f.kind).sort()).toEqual(["flag", "skip"]);
  const skipped = handovers.find((f) => f.kind === "skip")!;
  expect((await db.assignment.findUniqueOrThrow({ where: { id: skipped.assignmentId } })).status).toBe("skipped");
}, 300_000);
