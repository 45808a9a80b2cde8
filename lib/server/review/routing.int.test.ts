import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { assignAuditItems, expertiseNeeded } from "./routing";
import { savePlan } from "@/lib/server/audits/plans";
import { makeReviewProject } from "@/tests/fixtures/review";

describe("assignAuditItems", () => {
  it("gives each item its wanted number of distinct qualified reviewers, least loaded first, and is idempotent", async () => {
    const { project, audit, items, reviewers } = await makeReviewProject({
      reviewers: [["billing"], ["billing", "refunds"], ["refunds"], ["medical_questions"]],
      items: [
        ...Array.from({ length: 4 }, () => ({ stratum: "refunds", reviewersWanted: 2 })),
        ...Array.from({ length: 6 }, () => ({ stratum: "billing" })),
        { stratum: "medical_questions", reviewersWanted: 2 },
        { stratum: "legal" },
      ],
    });
    const result = await assignAuditItems({ projectId: project.id, auditId: audit.id });
    const db = await prisma();
    const rows = await db.assignment.findMany({ where: { projectId: project.id } });
    expect(result).toEqual({ assigned: rows.length, unassignable: 2 });
    const expertise = new Map(reviewers.map((r, i) => [r.userId, [["billing"], ["billing", "refunds"], ["refunds"], ["medical_questions"]][i]]));
    for (const item of items) {
      const mine = rows.filter((r) => r.sampledItemId === item.id);
      // Never the same reviewer twice, and only qualified reviewers.
      expect(new Set(mine.map((r) => r.reviewerId)).size).toBe(mine.length);
      for (const r of mine) expect(expertise.get(r.reviewerId)).toContain(item.stratum);
      if (item.stratum === "refunds") expect(mine).toHaveLength(2);
      if (item.stratum === "billing") expect(mine).toHaveLength(1);
      // Only one medical reviewer for an item wanting two; nobody for "legal".
      if (item.stratum === "medical_questions") expect(mine).toHaveLength(1);
      if (item.stratum === "legal") expect(mine).toHaveLength(0);
    }
    // Load: the refunds items (routed first) loaded reviewer 1 with 4, so billing went to reviewer 0 until both had 4.
    const load = (i: number) => rows.filter((r) => r.reviewerId === reviewers[i].userId).length;
    expect(load(0) + load(1)).toBe(6 + 4);
    expect(Math.abs(load(0) - load(1))).toBeLessThanOrEqual(1);

    expect(await assignAuditItems({ projectId: project.id, auditId: audit.id })).toEqual({ assigned: 0, unassignable: 2 });
    expect(await db.assignment.count({ where: { projectId: project.id } })).toBe(rows.length);
  });

  it("maps strata to the plan's expertise and refuses another project's audit", async () => {
    const { project, audit, reviewers } = await makeReviewProject({
      reviewers: [["health"], ["billing"]],
      items: [{ stratum: "medical_questions" }],
      planStrata: [{ value: "medical_questions", risk: "high", expertise: ["health"] }],
    });
    await assignAuditItems({ projectId: project.id, auditId: audit.id });
    const db = await prisma();
    expect((await db.assignment.findMany({ where: { projectId: project.id } })).map((a) => a.reviewerId)).toEqual([reviewers[0].userId]);
    const other = await makeReviewProject({ reviewers: [], items: [] });
    await expect(assignAuditItems({ projectId: other.project.id, auditId: audit.id })).rejects.toThrow(/not found/i);
  });

  it("takes a stratum's expertise from the plan a QA lead saved, in the members' spelling", async () => {
    const { project, members } = await makeReviewProject({ reviewers: [["health"]], items: [] });
    const spec = { method: "fixed", methodParams: { fixedSize: 50 }, strata: [{ value: "medical_questions", risk: "high", expertise: [" Health ", "Triage Nurse"] }, { value: "Billing", risk: "low" }] };
    const plan = await savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec });
    const db = await prisma();
    const stored = await db.auditPlan.findUniqueOrThrow({ where: { id: plan.id }, select: { strata: true } });
    expect(expertiseNeeded("medical_questions", stored.strata)).toEqual(["health", "triage_nurse"]);
    // Without a list the stratum's value is the tag, spelt as member tags are.
    expect(expertiseNeeded("Billing", stored.strata)).toEqual(["billing"]);
    await expect(
      savePlan({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...spec, strata: [{ value: "x", expertise: ["y".repeat(65)] }] } }),
    ).rejects.toMatchObject({ status: 400, issues: [expect.objectContaining({ field: "strata.0.expertise.0" })] });
  });
});
