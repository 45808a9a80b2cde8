import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { claimNextAssignment, editLabel, getReviewItem, listLabelHistory, submitLabel, submitSoloLabel, type AssignmentForSubmit } from "./labels";
import { adjudicateItem, getAdjudicationCase, listAdjudicationQueue } from "./gold";
import { addReviewer, getReviewOverview, reassignAssignment, skipItem } from "./manage";
import { ensureCurrentRubric, saveRubric } from "./rubrics";
import { assignAuditItems } from "./routing";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";
import { defaultRubric } from "@/lib/review/rubric";

async function overlapProject(blindReview = true) {
  const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: [{ stratum: "billing", reviewersWanted: 2, withContext: true }], blindReview });
  await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  const [a, b] = setup.reviewers;
  const claimA = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: a })).item!;
  const claimB = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: b })).item!;
  return { ...setup, a, b, claimA, claimB, item: setup.items[0] };
}

const WITH_CONTEXT = { ...GOOD_LABEL, groundedness: "grounded" };

describe("blind review", () => {
  it("never returns another reviewer's label before one's own is submitted, and does after", async () => {
    const { project, a, b, claimA, claimB, item } = await overlapProject();
    await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: { ...WITH_CONTEXT, notes: "secret note A" } });
    // B's claim and B's view of the item carry no trace of A's label.
    expect(claimB.otherLabels).toBeNull();
    const seenByB = await getReviewItem({ projectSlug: project.slug, actor: b, sampledItemId: item.id });
    expect(seenByB.otherLabels).toBeNull();
    expect(JSON.stringify(seenByB)).not.toContain("secret note A");
    // Once B has submitted, the blind lifts for B.
    await submitLabel({ projectSlug: project.slug, actor: b, assignmentId: claimB.assignmentId!, values: WITH_CONTEXT });
    const after = await getReviewItem({ projectSlug: project.slug, actor: b, sampledItemId: item.id });
    expect(after.otherLabels?.map((l) => l.values.notes)).toEqual(["secret note A"]);
  });

  it("shows other labels when the project turned blind review off", async () => {
    const { project, a, b, claimA, item } = await overlapProject(false);
    await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT });
    expect((await getReviewItem({ projectSlug: project.slug, actor: b, sampledItemId: item.id })).otherLabels).toHaveLength(1);
  });

  it("hides items of other reviewers and other projects (404)", async () => {
    const { project, item, outsider } = await overlapProject();
    const stranger = (await makeReviewProject({ reviewers: [["billing"]], items: [] })).reviewers[0];
    await expect(getReviewItem({ projectSlug: project.slug, actor: outsider, sampledItemId: item.id })).rejects.toMatchObject({ status: 404 });
    await expect(getReviewItem({ projectSlug: project.slug, actor: stranger, sampledItemId: item.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe("labels, history and gold", () => {
  it("makes a single-review item's label its consensus gold label in the submit itself", async () => {
    const { project, reviewers, audit } = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }, { stratum: "billing" }] });
    await assignAuditItems({ projectId: project.id, auditId: audit.id });
    const [reviewer] = reviewers;
    const db = await prisma();
    const first = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewer })).item!;
    const values = { ...GOOD_LABEL, notes: "  padded note  ", policy: "violation", policy_categories: ["unsafe_advice", "other"], corrected_output: "Better answer" };
    const submitted = await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: first.assignmentId!, values, claimNext: true });
    expect(submitted.itemStatus).toBe("gold");
    const gold = await db.goldLabel.findUniqueOrThrow({ where: { sampledItemId: first.sampledItemId } });
    expect(gold.source).toBe("consensus");
    // The general path (finalizeItem, used for overlapping items and after edits) re-derives the same gold label.
    await editLabel({ projectSlug: project.slug, actor: reviewer, labelId: submitted.labelId, values });
    const rederived = await db.goldLabel.findUniqueOrThrow({ where: { sampledItemId: first.sampledItemId } });
    expect(rederived.values).toEqual(gold.values);
    expect(gold.values).toMatchObject({ notes: "padded note", policy_categories: ["other", "unsafe_advice"] });
    expect((await db.sampledItem.findUniqueOrThrow({ where: { id: first.sampledItemId } })).status).toBe("gold");
  });

  it("keeps every edit (who, when, before, after) and re-derives a consensus gold label", async () => {
    const { project, a, b, claimA, claimB, item } = await overlapProject();
    const { labelId } = await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT, timeSpentMs: 4200 });
    const second = await submitLabel({ projectSlug: project.slug, actor: b, assignmentId: claimB.assignmentId!, values: { ...WITH_CONTEXT, notes: "fine" } });
    expect(second.itemStatus).toBe("gold");
    const db = await prisma();
    expect(await db.goldLabel.findUnique({ where: { sampledItemId: item.id } })).toMatchObject({ source: "consensus", values: { ...WITH_CONTEXT, notes: "fine" } });
    expect((await db.label.findUnique({ where: { id: labelId } }))!.timeSpentMs).toBe(4200);

    const t1 = new Date(Date.now() + 1000);
    const edited = await editLabel({ projectSlug: project.slug, actor: a, labelId, values: { ...WITH_CONTEXT, tone: 2 }, now: t1 });
    expect(edited.itemStatus).toBe("needs_adjudication");
    expect(await db.goldLabel.findUnique({ where: { sampledItemId: item.id } })).toBeNull();
    await editLabel({ projectSlug: project.slug, actor: a, labelId, values: WITH_CONTEXT, now: new Date(t1.getTime() + 1000) });
    const history = await listLabelHistory({ projectSlug: project.slug, actor: a, labelId });
    expect(history.map((h) => [h.editorId, h.before, h.after])).toEqual([
      [a.userId, null, WITH_CONTEXT],
      [a.userId, WITH_CONTEXT, { ...WITH_CONTEXT, tone: 2 }],
      [a.userId, { ...WITH_CONTEXT, tone: 2 }, WITH_CONTEXT],
    ]);
    expect((await db.sampledItem.findUnique({ where: { id: item.id } }))!.status).toBe("gold");
    // Another reviewer cannot edit or read it; once the audit closes, nobody can edit.
    await expect(editLabel({ projectSlug: project.slug, actor: b, labelId, values: WITH_CONTEXT })).rejects.toMatchObject({ status: 404 });
    await expect(listLabelHistory({ projectSlug: project.slug, actor: b, labelId })).rejects.toMatchObject({ status: 404 });
    await db.audit.updateMany({ where: { projectId: project.id }, data: { status: "closed" } });
    await expect(editLabel({ projectSlug: project.slug, actor: a, labelId, values: WITH_CONTEXT })).rejects.toMatchObject({ status: 409 });
  });

  it("sends disagreements to adjudication; the QA lead's decision becomes the gold label", async () => {
    const { project, a, b, claimA, claimB, item, members } = await overlapProject();
    await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT });
    const second = await submitLabel({ projectSlug: project.slug, actor: b, assignmentId: claimB.assignmentId!, values: { ...WITH_CONTEXT, factuality: "major_error", task_outcome: "failure" } });
    expect(second.itemStatus).toBe("needs_adjudication");
    const queue = await listAdjudicationQueue({ projectSlug: project.slug, actor: members.qa_lead });
    expect(queue.total).toBe(1);
    expect(queue.entries).toEqual([expect.objectContaining({ sampledItemId: item.id, disagreements: ["factuality", "task_outcome"], labels: 2 })]);
    const opened = await getAdjudicationCase({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id });
    expect(opened!.item.disagreements).toEqual(["factuality", "task_outcome"]);
    expect(opened!.item.labels.map((l) => l.values.factuality)).toEqual(["correct", "major_error"]);
    await expect(listAdjudicationQueue({ projectSlug: project.slug, actor: a })).rejects.toMatchObject({ status: 403 });
    await expect(getAdjudicationCase({ projectSlug: project.slug, actor: a, sampledItemId: item.id })).rejects.toMatchObject({ status: 403 });
    const elsewhere = await makeReviewProject({ reviewers: [["billing"]], items: [] });
    await expect(getAdjudicationCase({ projectSlug: elsewhere.project.slug, actor: elsewhere.members.qa_lead, sampledItemId: item.id })).rejects.toMatchObject({ status: 404 });
    await expect(adjudicateItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id, values: WITH_CONTEXT, rationale: "" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: "rationale" })],
    });
    await expect(adjudicateItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id, values: GOOD_LABEL, rationale: "ok" + "!" })).rejects.toMatchObject({
      issues: [expect.objectContaining({ field: "values.groundedness" })],
    });
    const decision = { ...WITH_CONTEXT, factuality: "minor_error" };
    await adjudicateItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id, values: decision, rationale: "The refund window is 30 days, a minor slip." });
    const db = await prisma();
    expect(await db.goldLabel.findUnique({ where: { sampledItemId: item.id } })).toMatchObject({ source: "adjudication", adjudicatorId: members.qa_lead.userId, values: decision });
    expect((await listAdjudicationQueue({ projectSlug: project.slug, actor: members.qa_lead })).entries).toHaveLength(0);
    expect(await getAdjudicationCase({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id })).toBeNull();
    await expect(adjudicateItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id, values: decision, rationale: "again" })).rejects.toMatchObject({ status: 409 });
  });

  it("records the rubric version a label was made with", async () => {
    const { project, a, claimA, members } = await overlapProject();
    const spec = defaultRubric();
    const v2 = await saveRubric({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...spec, dimensions: spec.dimensions.filter((d) => d.key !== "tone") } });
    expect(v2.version).toBe(2);
    const { tone: _tone, ...withoutTone } = WITH_CONTEXT;
    void _tone;
    const { labelId } = await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: withoutTone });
    const db = await prisma();
    expect((await db.label.findUnique({ where: { id: labelId } }))!.rubricId).toBe(v2.id);
    await expect(saveRubric({ projectSlug: project.slug, actor: a, spec })).rejects.toMatchObject({ status: 403 });
    await expect(saveRubric({ projectSlug: project.slug, actor: members.qa_lead, spec: { dimensions: [] } })).rejects.toMatchObject({ status: 400 });
  });
});

describe("QA lead interventions", () => {
  it("reassigns, adds a reviewer and skips, and lists items nobody qualified could take", async () => {
    const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"], ["refunds"]], items: [{ stratum: "billing" }, { stratum: "legal" }, { stratum: "billing" }] });
    const { project, members, reviewers, items } = setup;
    await assignAuditItems({ projectId: project.id, auditId: setup.audit.id });
    const overview = await getReviewOverview({ projectSlug: project.slug, actor: members.qa_lead });
    expect(overview.unassigned.map((i) => i.stratum)).toEqual(["legal"]);
    const db = await prisma();
    const first = await db.assignment.findFirstOrThrow({ where: { sampledItemId: items[0].id } });
    const other = reviewers.find((r) => r.userId !== first.reviewerId && r !== reviewers[2])!;
    await reassignAssignment({ projectSlug: project.slug, actor: members.qa_lead, assignmentId: first.id, reviewerId: other.userId });
    const rows = await db.assignment.findMany({ where: { sampledItemId: items[0].id }, orderBy: { assignedAt: "asc" } });
    expect(rows.map((r) => [r.reviewerId, r.status])).toEqual([[first.reviewerId, "skipped"], [other.userId, "assigned"]]);
    await addReviewer({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: items[1].id, reviewerId: reviewers[2].userId });
    expect((await db.sampledItem.findUnique({ where: { id: items[1].id } }))!.reviewersWanted).toBe(1);
    await expect(addReviewer({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: items[1].id, reviewerId: members.ml_engineer.userId })).rejects.toMatchObject({ status: 400 });
    await skipItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: items[2].id });
    expect((await db.sampledItem.findUnique({ where: { id: items[2].id } }))!.status).toBe("skipped");
    expect(await db.assignment.count({ where: { sampledItemId: items[2].id, status: "assigned" } })).toBe(0);
    await expect(skipItem({ projectSlug: project.slug, actor: reviewers[0], sampledItemId: items[0].id })).rejects.toMatchObject({ status: 403 });
  });
});

describe("the one-statement submit of a single-review item", () => {
  async function soloSetup() {
    const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: [{ stratum: "billing" }] });
    await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
    const db = await prisma();
    const assignment = await db.assignment.findFirstOrThrow({ where: { sampledItemId: setup.items[0].id } });
    const reviewer = setup.reviewers.find((r) => r.userId === assignment.reviewerId)!;
    const other = setup.reviewers.find((r) => r.userId !== assignment.reviewerId)!;
    const rubric = await ensureCurrentRubric(db, setup.project.id);
    // What submitLabel read before the write, as if the world changed right after.
    const seen: AssignmentForSubmit = { id: assignment.id, status: "assigned", sampledItemId: setup.items[0].id, itemStatus: "pending", wanted: 1, auditStatus: "open", hasContext: false, rubricId: rubric.id };
    const submit = { projectId: setup.project.id, assignmentId: assignment.id, reviewerId: reviewer.userId, values: GOOD_LABEL, spent: 1000, now: new Date(), labelId: `c${Date.now().toString(16)}${Math.random().toString(16).slice(2, 10)}` };
    return { ...setup, db, assignment, reviewer, other, seen, submit };
  }

  it("claims the next item in the submit's own statement: another item, leased, and the queue counted without the submitted one", async () => {
    const setup = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }, { stratum: "billing" }, { stratum: "billing" }] });
    await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
    const [reviewer] = setup.reviewers;
    const db = await prisma();
    const first = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: reviewer })).item!;
    const now = new Date();
    const submitted = await submitLabel({ projectSlug: setup.project.slug, actor: reviewer, assignmentId: first.assignmentId!, values: GOOD_LABEL, claimNext: true, now });
    expect(submitted.itemStatus).toBe("gold");
    expect(submitted.next!.assignmentId).not.toBe(first.assignmentId);
    // Two open assignments are left: the one just claimed and one more.
    expect(submitted.remaining).toBe(2);
    const next = await db.assignment.findUniqueOrThrow({ where: { id: submitted.next!.assignmentId! } });
    expect(next.status).toBe("assigned");
    expect(next.leaseExpiresAt!.getTime()).toBeGreaterThan(now.getTime());
    expect(submitted.next!.output.id).toBe((await db.sampledItem.findUniqueOrThrow({ where: { id: next.sampledItemId } })).outputId);
    // The first one is submitted, its lease cleared; the third is untouched.
    expect(await db.assignment.findUniqueOrThrow({ where: { id: first.assignmentId! } })).toMatchObject({ status: "submitted", leaseExpiresAt: null });
    expect(await db.assignment.count({ where: { projectId: setup.project.id, status: "assigned", leaseExpiresAt: null } })).toBe(1);
    // Through to the end: the last submit finds the queue empty.
    const second = await submitLabel({ projectSlug: setup.project.slug, actor: reviewer, assignmentId: submitted.next!.assignmentId!, values: GOOD_LABEL, claimNext: true });
    const third = await submitLabel({ projectSlug: setup.project.slug, actor: reviewer, assignmentId: second.next!.assignmentId!, values: GOOD_LABEL, claimNext: true });
    expect([second.remaining, third.next, third.remaining]).toEqual([1, null, 0]);
  });

  it("claims nothing when the one-statement submit wrote nothing", async () => {
    const setup = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }, { stratum: "billing" }] });
    await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
    const db = await prisma();
    const [assignment] = await db.assignment.findMany({ where: { projectId: setup.project.id }, orderBy: { id: "asc" } });
    const rubric = await ensureCurrentRubric(db, setup.project.id);
    const seen: AssignmentForSubmit = { id: assignment.id, status: "assigned", sampledItemId: assignment.sampledItemId, itemStatus: "pending", wanted: 1, auditStatus: "open", hasContext: false, rubricId: rubric.id };
    const submit = { projectId: setup.project.id, assignmentId: assignment.id, reviewerId: assignment.reviewerId, values: GOOD_LABEL, spent: 0, now: new Date(), labelId: `c${Date.now().toString(16)}ab12` };
    await db.audit.update({ where: { id: setup.audit.id }, data: { status: "closed" } });
    expect(await submitSoloLabel(db, submit, seen, { blind: true })).toBeNull();
    await db.audit.update({ where: { id: setup.audit.id }, data: { status: "open" } });
    // No lease was taken on the other assignment, so it stays in the queue.
    expect(await db.assignment.count({ where: { projectId: setup.project.id, leaseExpiresAt: { not: null } } })).toBe(0);
    expect(await submitSoloLabel(db, submit, seen, { blind: true })).toMatchObject({ itemStatus: "gold", remaining: 1 });
  });

  it("writes nothing when the rubric changed after the read; the submit then uses the new rubric", async () => {
    const { project, members, db, seen, submit, reviewer, assignment } = await soloSetup();
    const spec = defaultRubric();
    const v2 = await saveRubric({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...spec, dimensions: spec.dimensions.filter((d) => d.key !== "tone") } });
    expect(await submitSoloLabel(db, submit, seen)).toBeNull();
    expect(await db.label.count({ where: { assignmentId: assignment.id } })).toBe(0);
    expect((await db.assignment.findUniqueOrThrow({ where: { id: assignment.id } })).status).toBe("assigned");
    // The public path re-reads: "tone" is no longer part of the rubric.
    await expect(submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: assignment.id, values: GOOD_LABEL })).rejects.toMatchObject({ status: 400 });
    const { tone: _tone, ...withoutTone } = GOOD_LABEL;
    void _tone;
    const { labelId, itemStatus } = await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: assignment.id, values: withoutTone });
    expect(itemStatus).toBe("gold");
    expect((await db.label.findUniqueOrThrow({ where: { id: labelId } })).rubricId).toBe(v2.id);
  });

  it("writes nothing when a QA lead added a reviewer after the read; the label then waits for the second one", async () => {
    const { project, members, db, seen, submit, reviewer, other, assignment, items } = await soloSetup();
    await addReviewer({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: items[0].id, reviewerId: other.userId });
    expect(await submitSoloLabel(db, submit, seen)).toBeNull();
    expect(await db.goldLabel.count({ where: { sampledItemId: items[0].id } })).toBe(0);
    const { itemStatus } = await submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: assignment.id, values: GOOD_LABEL });
    expect(itemStatus).toBe("pending");
    expect(await db.goldLabel.count({ where: { sampledItemId: items[0].id } })).toBe(0);
  });

  it("writes nothing when the audit was closed or the item skipped after the read", async () => {
    const { project, members, db, seen, submit, assignment, items, audit } = await soloSetup();
    await db.audit.update({ where: { id: audit.id }, data: { status: "closed" } });
    expect(await submitSoloLabel(db, submit, seen)).toBeNull();
    await db.audit.update({ where: { id: audit.id }, data: { status: "open" } });
    await skipItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: items[0].id });
    expect(await submitSoloLabel(db, submit, seen)).toBeNull();
    expect(await db.label.count({ where: { assignmentId: assignment.id } })).toBe(0);
  });

  it("a double submit of one assignment writes one label; the other gets a conflict", async () => {
    const { project, db, reviewer, assignment } = await soloSetup();
    const results = await Promise.allSettled([0, 1, 2].map(() => submitLabel({ projectSlug: project.slug, actor: reviewer, assignmentId: assignment.id, values: GOOD_LABEL })));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    for (const r of results) if (r.status === "rejected") expect(r.reason).toMatchObject({ status: 409 });
    expect(await db.label.count({ where: { assignmentId: assignment.id } })).toBe(1);
    expect(await db.labelRevision.count({ where: { label: { assignmentId: assignment.id } } })).toBe(1);
  });
});
