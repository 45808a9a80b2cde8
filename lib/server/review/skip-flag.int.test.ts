import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { ConflictError, NotFoundError, ValidationError } from "@/lib/server/errors";
import { claimNextAssignment, submitLabel } from "./labels";
import { assignAuditItems } from "./routing";
import { flagAssignment, listOpenReviewFlags, resolveReviewFlag, skipAssignment } from "./skip-flag";
import { getReviewProgress, resumeAssignment } from "./workspace";
import { getReviewOverview } from "./manage";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";

async function oneReviewer(items = 3) {
  const setup = await makeReviewProject({ reviewers: [["billing"]], items: Array.from({ length: items }, () => ({ stratum: "billing" })) });
  await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  return { ...setup, reviewer: setup.reviewers[0], lead: setup.members.qa_lead };
}

describe("skipAssignment", () => {
  it("takes the item off the reviewer's queue with the reason and lists it for a QA lead", async () => {
    const { project, reviewer, lead, audit } = await oneReviewer(2);
    const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    await skipAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, reason: "  Outside my expertise " });

    const db = await prisma();
    expect((await db.assignment.findUniqueOrThrow({ where: { id: claim.assignmentId! } })).status).toBe("skipped");
    // The item itself still waits for a label: a QA lead gives it to someone else.
    expect((await db.sampledItem.findUniqueOrThrow({ where: { id: claim.sampledItemId } })).status).toBe("pending");
    const next = await claimNextAssignment({ projectSlug: project.slug, actor: reviewer });
    expect(next.item!.sampledItemId).not.toBe(claim.sampledItemId);
    expect(next.remaining).toBe(1);

    const flags = await listOpenReviewFlags({ projectSlug: project.slug, actor: lead });
    expect(flags).toEqual([expect.objectContaining({ kind: "skip", reason: "Outside my expertise", sampledItemId: claim.sampledItemId, week: audit.week, itemStatus: "pending" })]);
    const overview = await getReviewOverview({ projectSlug: project.slug, actor: lead });
    expect(overview.unassigned.map((i) => i.sampledItemId)).toEqual([claim.sampledItemId]);
  });

  it("refuses a blank reason by field and writes nothing", async () => {
    const { project, reviewer } = await oneReviewer(1);
    const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    const refused = await skipAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, reason: "  " }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ValidationError);
    expect((refused as ValidationError).issues).toEqual([{ field: "reason", message: "say why, in a few words" }]);
    const db = await prisma();
    expect((await db.assignment.findUniqueOrThrow({ where: { id: claim.assignmentId! } })).status).toBe("assigned");
    expect(await db.reviewFlag.count({ where: { projectId: project.id } })).toBe(0);
  });

  it("refuses a submitted item, someone else's assignment and another project's", async () => {
    const { project, reviewer, members } = await oneReviewer(1);
    const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    await expect(skipAssignment({ projectSlug: project.slug, actor: members.qa_lead, assignmentId: claim.assignmentId!, reason: "x" })).rejects.toBeInstanceOf(NotFoundError);
    const other = await oneReviewer(1);
    await expect(skipAssignment({ projectSlug: other.project.slug, actor: other.reviewer, assignmentId: claim.assignmentId!, reason: "x" })).rejects.toBeInstanceOf(NotFoundError);
    await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, values: GOOD_LABEL });
    await expect(skipAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, reason: "x" })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe("flagAssignment and resolveReviewFlag", () => {
  it("keeps the item on the queue, refuses a second open flag, and a QA lead marks it handled", async () => {
    const { project, reviewer, lead } = await oneReviewer(1);
    const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    const { flagId } = await flagAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, reason: "Personal data that redaction missed" });
    await expect(flagAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, reason: "again" })).rejects.toBeInstanceOf(ConflictError);
    const db = await prisma();
    expect((await db.assignment.findUniqueOrThrow({ where: { id: claim.assignmentId! } })).status).toBe("assigned");
    // The flagged item can still be labelled.
    await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, values: GOOD_LABEL });

    // A reviewer cannot see or handle the list; another project's lead cannot touch the flag.
    await expect(listOpenReviewFlags({ projectSlug: project.slug, actor: reviewer })).rejects.toThrow();
    const other = await oneReviewer(1);
    await expect(resolveReviewFlag({ projectSlug: other.project.slug, actor: other.lead, flagId })).rejects.toBeInstanceOf(NotFoundError);

    expect((await listOpenReviewFlags({ projectSlug: project.slug, actor: lead })).map((f) => [f.id, f.kind, f.itemStatus])).toEqual([[flagId, "flag", "gold"]]);
    await resolveReviewFlag({ projectSlug: project.slug, actor: lead, flagId });
    expect(await listOpenReviewFlags({ projectSlug: project.slug, actor: lead })).toEqual([]);
    await expect(resolveReviewFlag({ projectSlug: project.slug, actor: lead, flagId })).rejects.toBeInstanceOf(ConflictError);
    expect(await db.reviewFlag.findUniqueOrThrow({ where: { id: flagId } })).toMatchObject({ resolvedById: lead.userId, reason: "Personal data that redaction missed" });
  });
});

describe("getReviewProgress and resumeAssignment", () => {
  it("counts labels given of the items still the reviewer's, per open audit", async () => {
    const { project, reviewer, audit } = await oneReviewer(4);
    expect(await getReviewProgress({ projectSlug: project.slug, actor: reviewer })).toEqual([{ auditId: audit.id, week: audit.week, done: 0, total: 4 }]);
    const first = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: first.assignmentId!, values: GOOD_LABEL });
    const second = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    await skipAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: second.assignmentId!, reason: "Conflict of interest" });
    expect(await getReviewProgress({ projectSlug: project.slug, actor: reviewer })).toEqual([{ auditId: audit.id, week: audit.week, done: 1, total: 3 }]);
    // Another reviewer's progress is their own.
    const other = await oneReviewer(1);
    expect(await getReviewProgress({ projectSlug: other.project.slug, actor: other.reviewer })).toEqual([expect.objectContaining({ done: 0, total: 1 })]);
  });

  it("re-opens the reviewer's own leased assignment after a reload, and nothing else", async () => {
    const { project, reviewer, members } = await oneReviewer(2);
    const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    // Still leased: a claim would not hand it out again, a resume does.
    const resumed = await resumeAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId! });
    expect(resumed).toMatchObject({ assignmentId: claim.assignmentId, sampledItemId: claim.sampledItemId, assignmentStatus: "assigned", otherLabels: null });
    await expect(resumeAssignment({ projectSlug: project.slug, actor: members.qa_lead, assignmentId: claim.assignmentId! })).rejects.toBeInstanceOf(NotFoundError);
    await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId!, values: GOOD_LABEL });
    await expect(resumeAssignment({ projectSlug: project.slug, actor: reviewer, assignmentId: claim.assignmentId! })).rejects.toBeInstanceOf(ConflictError);
  });
});
