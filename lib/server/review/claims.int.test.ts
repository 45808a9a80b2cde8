import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { claimNextAssignment, submitLabel } from "./labels";
import { assignAuditItems } from "./routing";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";

describe("claiming with leases", () => {
  it("50 concurrent clients (10 per reviewer) label everything: no assignment handed out twice, none lost", async () => {
    const { project, audit, reviewers } = await makeReviewProject({
      reviewers: Array.from({ length: 5 }, () => ["billing"]),
      items: Array.from({ length: 60 }, (_, i) => ({ stratum: "billing", reviewersWanted: i % 3 === 0 ? 2 : 1 })),
    });
    const { assigned } = await assignAuditItems({ projectId: project.id, auditId: audit.id });
    expect(assigned).toBe(80);
    const slug = project.slug;
    const handedOut: string[] = [];
    const client = async (reviewerIndex: number) => {
      const actor = reviewers[reviewerIndex];
      let { item } = await claimNextAssignment({ projectSlug: slug, actor });
      while (item) {
        handedOut.push(item.assignmentId!);
        ({ next: item } = await submitLabel({ projectSlug: slug, actor, assignmentId: item.assignmentId!, values: GOOD_LABEL, timeSpentMs: 1000, claimNext: true }));
      }
    };
    await Promise.all(Array.from({ length: 50 }, (_, i) => client(i % 5)));
    expect(handedOut).toHaveLength(80);
    expect(new Set(handedOut).size).toBe(80);
    const db = await prisma();
    expect(await db.assignment.count({ where: { projectId: project.id, status: "submitted" } })).toBe(80);
    expect(await db.label.count({ where: { projectId: project.id } })).toBe(80);
    // Every item complete and agreeing: all gold by consensus.
    expect(await db.sampledItem.count({ where: { projectId: project.id, status: "gold" } })).toBe(60);
    expect(await db.goldLabel.count({ where: { projectId: project.id, source: "consensus" } })).toBe(60);
  });

  it("50 concurrent claims by one reviewer's tabs lease distinct items; an expired lease makes an item claimable again", async () => {
    const { project, audit, reviewers } = await makeReviewProject({ reviewers: [["billing"]], items: Array.from({ length: 30 }, () => ({ stratum: "billing" })) });
    await assignAuditItems({ projectId: project.id, auditId: audit.id });
    const actor = reviewers[0];
    const now = new Date();
    const results = await Promise.all(Array.from({ length: 50 }, () => claimNextAssignment({ projectSlug: project.slug, actor, now })));
    const ids = results.map((r) => r.item?.assignmentId).filter(Boolean);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    // Within the lease nothing more is handed out.
    expect((await claimNextAssignment({ projectSlug: project.slug, actor, now: new Date(now.getTime() + 14 * 60_000) })).item).toBeNull();
    // After it (15 minutes by default) the abandoned items come back, each once.
    const later = new Date(now.getTime() + 16 * 60_000);
    const again = await Promise.all(Array.from({ length: 40 }, () => claimNextAssignment({ projectSlug: project.slug, actor, now: later })));
    const againIds = again.map((r) => r.item?.assignmentId).filter(Boolean);
    expect(new Set(againIds).size).toBe(30);
    expect(againIds).toHaveLength(30);
  });

  it("only the assignee claims and submits; outsiders and other projects get 404, other roles 403", async () => {
    const { project, audit, reviewers, members, outsider } = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: [{ stratum: "billing" }] });
    await assignAuditItems({ projectId: project.id, auditId: audit.id });
    const db = await prisma();
    const assignment = await db.assignment.findFirstOrThrow({ where: { projectId: project.id } });
    const owner = reviewers.find((r) => r.userId === assignment.reviewerId)!;
    const other = reviewers.find((r) => r.userId !== assignment.reviewerId)!;
    expect((await claimNextAssignment({ projectSlug: project.slug, actor: other })).item).toBeNull();
    await expect(submitLabel({ projectSlug: project.slug, actor: other, assignmentId: assignment.id, values: GOOD_LABEL })).rejects.toMatchObject({ status: 404 });
    await expect(claimNextAssignment({ projectSlug: project.slug, actor: outsider })).rejects.toMatchObject({ status: 404 });
    await expect(claimNextAssignment({ projectSlug: project.slug, actor: members.ml_engineer })).rejects.toMatchObject({ status: 403 });
    // Bad input names the field and writes nothing.
    await expect(submitLabel({ projectSlug: project.slug, actor: owner, assignmentId: assignment.id, values: { ...GOOD_LABEL, tone: 9 } })).rejects.toMatchObject({
      status: 400,
      issues: [expect.objectContaining({ field: "values.tone" })],
    });
    expect(await db.label.count({ where: { projectId: project.id } })).toBe(0);
    await submitLabel({ projectSlug: project.slug, actor: owner, assignmentId: assignment.id, values: GOOD_LABEL });
    await expect(submitLabel({ projectSlug: project.slug, actor: owner, assignmentId: assignment.id, values: GOOD_LABEL })).rejects.toMatchObject({ status: 409 });
  });
});
