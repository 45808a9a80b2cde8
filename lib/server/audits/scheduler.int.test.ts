import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs } from "@/lib/server/outputs/insert-outputs";
import { makeProject } from "@/tests/fixtures";
import { isoWeekRange } from "@/lib/audits/week";
import { runScheduledDraws } from "./scheduler";
import { savePlan } from "./plans";
import { listAudits, getAuditDetail, closeAudit } from "./audits";
import { ConflictError, NotFoundError } from "@/lib/server/errors";

async function seed(projectId: string, week: string, n: number) {
  const { start } = isoWeekRange(week, "UTC");
  await insertLoggedOutputs(
    await getDatabase(),
    projectId,
    Array.from({ length: n }, (_, i) => ({
      externalId: `${week}-${i}`,
      timestamp: new Date(start.getTime() + i * 60_000),
      taskType: i % 4 === 0 ? "medical" : "billing",
      model: null,
      input: {},
      output: {},
      context: null,
      metadata: {},
      signals: null,
      redactions: 0,
    })),
  );
}

describe("the scheduler", () => {
  it("draws the last closed week once, after the grace period, without backfilling", async () => {
    const { project, members } = await makeProject();
    await seed(project.id, "2026-W46", 300);
    await seed(project.id, "2026-W47", 400);
    const logs: string[] = [];
    const log = (m: string) => logs.push(m);
    // Monday 2026-11-23 12:00 UTC: W47 ended 12 h ago, inside the 24 h grace: W46 is the last closed week.
    const first = await runScheduledDraws({ now: new Date("2026-11-23T12:00:00Z"), log });
    expect(first.filter((d) => d.projectId === project.id).map((d) => d.week)).toEqual(["2026-W46"]);
    expect(logs.some((l) => l.includes(project.slug) && l.includes("2026-W46"))).toBe(true);
    // A restart (a new call) at the same time draws nothing again.
    expect((await runScheduledDraws({ now: new Date("2026-11-23T13:00:00Z"), log })).filter((d) => d.projectId === project.id)).toEqual([]);
    // After the grace period, W47; W45 and earlier are never backfilled.
    const later = await runScheduledDraws({ now: new Date("2026-11-24T00:30:00Z"), log });
    expect(later.filter((d) => d.projectId === project.id).map((d) => d.week)).toEqual(["2026-W47"]);
    const audits = await listAudits({ projectSlug: project.slug, actor: members.qa_lead, now: new Date("2026-11-24T01:00:00Z") });
    expect(audits.map((a) => [a.week, a.population, a.partial])).toEqual([["2026-W47", 400, false], ["2026-W46", 300, false]]);
    expect(audits[0]).toMatchObject({ completion: 0, overdue: false, planVersion: 1 });
    // Overdue once the due date passes with reviews missing.
    const overdue = await listAudits({ projectSlug: project.slug, actor: members.qa_lead, now: new Date("2026-12-24T00:00:00Z") });
    expect(overdue.every((a) => a.overdue)).toBe(true);
  });

  it("skips projects whose plan turns automatic drawing off", async () => {
    const { project, members } = await makeProject();
    await seed(project.id, "2026-W46", 50);
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { method: "fixed", methodParams: { fixedSize: 10 }, autoDraw: false } });
    const drawn = await runScheduledDraws({ now: new Date("2026-11-23T12:00:00Z"), log: () => {} });
    expect(drawn.filter((d) => d.projectId === project.id)).toEqual([]);
    expect(await (await prisma()).audit.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("audit detail and closing", () => {
  it("shows per-stratum counts and progress, hides other projects' audits, closes once", async () => {
    const { project, members } = await makeProject();
    const other = await makeProject();
    await seed(project.id, "2026-W46", 200);
    const [drawn] = (await runScheduledDraws({ now: new Date("2026-11-23T12:00:00Z"), log: () => {} })).filter((d) => d.projectId === project.id);
    const detail = await getAuditDetail({ projectSlug: project.slug, actor: members.ml_engineer, auditId: drawn.auditId });
    expect(detail.strata.map((s) => [s.stratum, s.population, s.done])).toEqual([["billing", 150, 0], ["medical", 50, 0]]);
    expect(detail.strata.reduce((a, s) => a + s.allocated, 0)).toBe(detail.sampleSize);
    expect(detail.strata.reduce((a, s) => a + s.overlapDrawn, 0)).toBe(detail.strata.reduce((a, s) => a + s.overlap, 0));
    // Progress: a skipped item counts as done.
    const db = await prisma();
    const item = await db.sampledItem.findFirstOrThrow({ where: { auditId: drawn.auditId } });
    await db.sampledItem.update({ where: { id: item.id }, data: { status: "skipped" } });
    expect((await getAuditDetail({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId })).done).toBe(1);

    await expect(getAuditDetail({ projectSlug: other.project.slug, actor: other.members.qa_lead, auditId: drawn.auditId })).rejects.toBeInstanceOf(NotFoundError);
    await expect(closeAudit({ projectSlug: other.project.slug, actor: other.members.qa_lead, auditId: drawn.auditId })).rejects.toBeInstanceOf(NotFoundError);
    await closeAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId });
    await expect(closeAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId })).rejects.toBeInstanceOf(ConflictError);
  });
});
