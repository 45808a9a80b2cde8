import { expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { seedDemoProject } from "@/lib/server/demo/seed-demo";
import { DEFAULT_SLA_HOURS } from "@/lib/incidents/types";

it("the demo has incidents from review labels and by hand, a full S1 timeline, an overdue S2 and a signed-off month", async () => {
  const now = new Date("2026-12-01T09:00:00Z");
  const report = await seedDemoProject({ now, perWeek: 1500, weeks: 8 });
  const db = await prisma();
  const incidents = report.incidents!;
  expect(incidents.fromReview).toBeGreaterThan(0);
  expect(incidents.byHand).toBeGreaterThanOrEqual(20);
  expect(incidents.signedOff).toBe("2026-10");

  const project = await db.project.findUniqueOrThrow({ where: { slug: "support-assistant" } });
  // Every harmful or near-miss label opened or joined an incident on its output.
  const flagged = (await db.label.findMany({ where: { projectId: project.id }, select: { id: true, values: true } })).filter((l) => ["harmful", "near_miss"].includes((l.values as { harm?: string }).harm ?? ""));
  const attached = new Set((await db.incidentLabel.findMany({ where: { projectId: project.id, labelKind: "label" }, select: { labelId: true } })).map((l) => l.labelId));
  expect(flagged.length).toBeGreaterThan(0);
  expect(flagged.every((l) => attached.has(l.id))).toBe(true);

  const s1 = await db.incident.findFirstOrThrow({ where: { projectId: project.id, severity: "S1", title: { startsWith: "Dosage advice" } }, include: { timeline: true } });
  expect(s1.status).toBe("closed");
  expect(new Set(s1.timeline.map((t) => t.action))).toEqual(new Set(["created", "updated", "status", "comment"]));
  expect(s1.timeline.some((t) => t.mentionedUserIds.length === 2)).toBe(true);

  const overdueS2 = await db.incident.findMany({ where: { projectId: project.id, severity: "S2", status: { not: "closed" }, detectedAt: { lt: new Date(now.getTime() - DEFAULT_SLA_HOURS.S2 * 3_600_000) } } });
  expect(overdueS2.length).toBeGreaterThanOrEqual(1);
  expect(await db.monthlyReviewSignOff.count({ where: { projectId: project.id, month: "2026-10" } })).toBe(1);
}, 300_000);
