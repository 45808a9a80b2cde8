import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs } from "@/lib/server/outputs/insert-outputs";
import { makeProject } from "@/tests/fixtures";
import { isoWeekRange } from "@/lib/audits/week";
import { runScheduledDraws } from "./scheduler";
import { savePlan } from "./plans";
import { listAudits, getAuditDetail, closeAudit, reopenAudit } from "./audits";
import { drawWeeklySample } from "./draw";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { systemActor } from "@/lib/server/auth/actor";

/** A project created long before the weeks these tests draw (the scheduler skips weeks before a project existed). */
async function makeOldProject() {
  const made = await makeProject();
  const db = await prisma();
  await db.project.update({ where: { id: made.project.id }, data: { createdAt: new Date("2026-01-01T00:00:00Z") } });
  return made;
}

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
    const { project, members } = await makeOldProject();
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
    const { project, members } = await makeOldProject();
    await seed(project.id, "2026-W46", 50);
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { method: "fixed", methodParams: { fixedSize: 10 }, autoDraw: false } });
    const drawn = await runScheduledDraws({ now: new Date("2026-11-23T12:00:00Z"), log: () => {} });
    expect(drawn.filter((d) => d.projectId === project.id)).toEqual([]);
    expect(await (await prisma()).audit.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("audit detail and closing", () => {
  it("shows per-stratum counts and progress, hides other projects' audits, closes once", async () => {
    const { project, members } = await makeOldProject();
    const other = await makeOldProject();
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

describe("weeks the scheduler does not draw", () => {
  it("skips a week with no outputs and a week that ended before the project existed", async () => {
    const { project } = await makeProject(); // created now (2026 real clock): later than W46
    await seed(project.id, "2026-W46", 30);
    const old = await makeOldProject();
    const db = await prisma();
    // W46 ended before `project` was created; `old` has no outputs at all.
    const drawn = await runScheduledDraws({ now: new Date("2026-11-23T12:00:00Z"), log: () => {} });
    expect(drawn.filter((d) => d.projectId === project.id || d.projectId === old.project.id)).toEqual([]);
    expect(await db.audit.count({ where: { projectId: { in: [project.id, old.project.id] } } })).toBe(0);
  });

  it("refuses an empty draw by hand with a clear message and writes nothing", async () => {
    const { project, members } = await makeOldProject();
    const db = await prisma();
    const closed = drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W46", now: new Date("2026-11-23T12:00:00Z") });
    await expect(closed).rejects.toBeInstanceOf(ValidationError);
    await expect(closed).rejects.toMatchObject({ issues: [{ field: "week", message: expect.stringMatching(/2026-W46 has no logged outputs/) }] });
    const partial = drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W48", now: new Date("2026-11-25T12:00:00Z"), onDemand: true });
    await expect(partial).rejects.toMatchObject({ issues: [{ field: "week", message: expect.stringMatching(/so far/) }] });
    expect(await db.audit.count({ where: { projectId: project.id } })).toBe(0);
    expect(await db.auditPlan.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("closing and reopening", () => {
  it("records who closed (with the items left unreviewed) and who reopened, with the reason", async () => {
    const { project, members } = await makeOldProject();
    await seed(project.id, "2026-W46", 200);
    const [drawn] = (await runScheduledDraws({ now: new Date("2026-11-23T12:00:00Z"), log: () => {} })).filter((d) => d.projectId === project.id);
    const db = await prisma();
    const size = (await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } })).sampleSize;
    const item = await db.sampledItem.findFirstOrThrow({ where: { auditId: drawn.auditId } });
    await db.sampledItem.update({ where: { id: item.id }, data: { status: "skipped" } });

    expect(await closeAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId, reason: "week done" })).toEqual({ openItems: size - 1 });
    // Reopening needs the permission and a reason.
    await expect(reopenAudit({ projectSlug: project.slug, actor: members.reviewer, auditId: drawn.auditId, reason: "please reopen" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(reopenAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId, reason: "  " })).rejects.toBeInstanceOf(ValidationError);
    expect((await db.audit.findUniqueOrThrow({ where: { id: drawn.auditId } })).status).toBe("closed");
    await reopenAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId, reason: "two reviewers were on leave" });
    await expect(reopenAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId, reason: "again please" })).rejects.toBeInstanceOf(ConflictError);

    const detail = await getAuditDetail({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId });
    expect(detail.status).toBe("open");
    expect(detail.closedAt).toBeNull();
    expect(detail.statusChanges.map((c) => [c.fromStatus, c.toStatus, c.reason, c.openItems, c.actorName])).toEqual([
      ["open", "closed", "week done", size - 1, "Test User"],
      ["closed", "open", "two reviewers were on leave", size - 1, "Test User"],
    ]);
    // Another project cannot reopen it.
    const other = await makeProject();
    await closeAudit({ projectSlug: project.slug, actor: members.qa_lead, auditId: drawn.auditId });
    await expect(reopenAudit({ projectSlug: other.project.slug, actor: other.members.qa_lead, auditId: drawn.auditId, reason: "not yours" })).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe("a partial draw topped up by the full-week draw", () => {
  it("keeps the early items and adds the rest of the week's share by the same seed", async () => {
    const { project, members } = await makeOldProject();
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { method: "fixed", methodParams: { fixedSize: 40 }, overlapShare: 0.25, overlapReviewers: 2 } });
    // 400 outputs, one a minute from Monday 00:00 of W47; draw now at 03:20 Monday (200 logged so far).
    await seed(project.id, "2026-W47", 400);
    const { start } = isoWeekRange("2026-W47", "UTC");
    const midway = new Date(start.getTime() + 200 * 60_000);
    const partial = await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W47", now: midway, onDemand: true });
    const db = await prisma();
    const early = await db.sampledItem.findMany({ where: { auditId: partial.auditId }, select: { id: true, outputId: true, inclusionProbability: true } });
    expect(early).toHaveLength(40);
    // A second "draw now" changes nothing; a full draw before the week closes neither.
    expect(await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W47", now: midway, onDemand: true })).toEqual({ auditId: partial.auditId, created: false });
    expect(await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W47", now: new Date("2026-11-23T12:00:00Z") })).toEqual({ auditId: partial.auditId, created: false });
    expect((await db.audit.findUniqueOrThrow({ where: { id: partial.auditId } })).partial).toBe(true);

    const logs: string[] = [];
    const ran = await runScheduledDraws({ now: new Date("2026-11-24T00:30:00Z"), log: (m) => logs.push(m) });
    expect(ran.filter((d) => d.projectId === project.id).map((d) => d.auditId)).toEqual([partial.auditId]);
    expect(logs.some((l) => l.includes("topped up"))).toBe(true);
    const audit = await db.audit.findUniqueOrThrow({ where: { id: partial.auditId } });
    expect(audit).toMatchObject({ partial: false, population: 400, sampleSize: 40 });
    expect(audit.toppedUpAt).not.toBeNull();
    const after = await db.sampledItem.findMany({ where: { auditId: partial.auditId }, include: { output: { select: { timestamp: true, externalId: true } } } });
    // The plan's 40 for the week were already drawn from the first 200: nothing is added, nothing removed.
    expect(after.map((i) => i.id).sort()).toEqual(early.map((i) => i.id).sort());

    // A bigger plan version would not change this audit: it keeps its own plan version.
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { method: "fixed", methodParams: { fixedSize: 300 } } });
    expect((await runScheduledDraws({ now: new Date("2026-11-24T01:30:00Z"), log: () => {} })).filter((d) => d.projectId === project.id)).toEqual([]);
  });

  it("adds items only from the rest of the week, each with its own period's inclusion probability", async () => {
    const { project, members } = await makeOldProject();
    // Cochran-sized, so the week needs more than the early days gave.
    await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { method: "estimate", methodParams: { expectedRate: 0.05, marginOfError: 0.05, confidence: 0.95 } } });
    await seed(project.id, "2026-W47", 1000);
    const { start } = isoWeekRange("2026-W47", "UTC");
    const cutoff = new Date(start.getTime() + 100 * 60_000);
    const partial = await drawWeeklySample({ projectId: project.id, actor: members.qa_lead, week: "2026-W47", now: cutoff, onDemand: true });
    const db = await prisma();
    const early = await db.sampledItem.findMany({ where: { auditId: partial.auditId } });
    const earlySize = early.length;
    expect(earlySize).toBeLessThan(100);

    const full = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: "2026-W47", now: new Date("2026-11-24T00:30:00Z") });
    expect(full.auditId).toBe(partial.auditId);
    expect(full.toppedUp).toBeGreaterThan(0);
    const audit = await db.audit.findUniqueOrThrow({ where: { id: partial.auditId } });
    const items = await db.sampledItem.findMany({ where: { auditId: partial.auditId }, include: { output: { select: { timestamp: true } } } });
    expect(items).toHaveLength(audit.sampleSize);
    expect(items.length).toBe(earlySize + full.toppedUp!);
    // Every early item is still there, unchanged.
    for (const e of early) expect(items.find((i) => i.id === e.id)).toMatchObject({ inclusionProbability: e.inclusionProbability, outputId: e.outputId });
    const added = items.filter((i) => !early.some((e) => e.id === i.id));
    expect(added.every((i) => i.output.timestamp.getTime() >= cutoff.getTime())).toBe(true);
    // Per stratum: Σ 1/π over the items is the stratum's population (both periods weighted right).
    const strata = audit.strata as { stratum: string; population: number; phases?: { phase: string; population: number; allocated: number }[] }[];
    for (const s of strata) {
      const inStratum = items.filter((i) => i.stratum === s.stratum);
      const weight = inStratum.reduce((a, i) => a + 1 / i.inclusionProbability, 0);
      expect(weight).toBeCloseTo(s.population, 6);
      expect(s.phases?.map((p) => p.phase)).toEqual(["partial", "rest"]);
    }
    // The completed audit is final: a later draw of the week returns it unchanged.
    const again = await drawWeeklySample({ projectId: project.id, actor: systemActor("test"), week: "2026-W47", now: new Date("2026-11-25T00:00:00Z") });
    expect(again).toEqual({ auditId: partial.auditId, created: false });
  });
});
