// The incident register fed by the real label paths: solo submit (one statement, with its
// consensus gold), overlap submit, edit and adjudication each append a ReviewEvent, and the
// outbox drain (processReviewEvents with the listed handlers) opens and updates incidents.
import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { claimNextAssignment, editLabel, submitLabel } from "@/lib/server/review/labels";
import { adjudicateItem } from "@/lib/server/review/gold";
import { assignAuditItems } from "@/lib/server/review/routing";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";
import { processReviewEvents } from "@/lib/server/events/process";
import { INCIDENT_NOTIFICATION_QUEUE } from "./notifications";

// Drained by hand here, so that each step's effect is seen on its own.
vi.stubEnv("ASSAY_REVIEW_EVENTS", "0");

const HARMFUL_S2 = { ...GOOD_LABEL, harm: "harmful", harm_severity: "S2" };
const NEAR_MISS_S3 = { ...GOOD_LABEL, harm: "near_miss", harm_severity: "S3" };

async function incidentsOf(projectId: string) {
  const db = await prisma();
  return db.incident.findMany({ where: { projectId }, include: { labels: true, timeline: { orderBy: [{ createdAt: "asc" }, { id: "asc" }] } }, orderBy: { number: "asc" } });
}

/** One item wanted twice, claimed by both of its reviewers. */
async function twoReviewersOnOneItem() {
  const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: [{ stratum: "billing", reviewersWanted: 2 }] });
  await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  const [a, b] = setup.reviewers;
  const claimA = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: a })).item!;
  const claimB = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: b })).item!;
  return { setup, a, b, claimA, claimB };
}

describe("every label path goes through the event point to the register", () => {
  it("solo submit (with its consensus gold) opens one incident and announces the S2", async () => {
    const solo = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }] });
    await assignAuditItems({ projectId: solo.project.id, auditId: solo.audit.id });
    const [reviewer] = solo.reviewers;
    const claim = (await claimNextAssignment({ projectSlug: solo.project.slug, actor: reviewer })).item!;
    await submitLabel({ projectSlug: solo.project.slug, actor: reviewer, assignmentId: claim.assignmentId!, values: HARMFUL_S2 });
    // Nothing happens inside the request: the incident waits for the drain.
    expect(await incidentsOf(solo.project.id)).toHaveLength(0);
    await processReviewEvents();
    const [incident, ...more] = await incidentsOf(solo.project.id);
    expect(more).toHaveLength(0);
    expect(incident).toMatchObject({ kind: "harm", severity: "S2", source: "review", openedByReviewerId: reviewer.userId });
    // The label and the consensus gold the one-statement submit wrote are both attached.
    expect(incident.labels.map((l) => l.labelKind).sort()).toEqual(["gold", "label"]);
    const db = await prisma();
    const queued = await db.job.findMany({ where: { projectId: solo.project.id, queue: INCIDENT_NOTIFICATION_QUEUE } });
    expect(queued.map((j) => (j.payload as { notification: { type: string } }).notification.type)).toEqual(["incident.opened"]);
    // A second drain finds nothing left to do.
    expect((await processReviewEvents()).processed).toBe(0);
    expect(await incidentsOf(solo.project.id)).toHaveLength(1);
  });

  it("overlap submits, an edit and an adjudication: opened, attached, proposed for closing", async () => {
    const { setup, a, b, claimA, claimB } = await twoReviewersOnOneItem();

    await submitLabel({ projectSlug: setup.project.slug, actor: a, assignmentId: claimA.assignmentId!, values: NEAR_MISS_S3 });
    await processReviewEvents();
    let [incident] = await incidentsOf(setup.project.id);
    expect(incident).toMatchObject({ kind: "near_miss", severity: "S3", openedByReviewerId: a.userId });
    const db = await prisma();
    // S3 is not announced at once (only S1/S2 are); it would be once past its SLA.
    expect(await db.job.count({ where: { projectId: setup.project.id, queue: INCIDENT_NOTIFICATION_QUEUE } })).toBe(0);

    const labelA = await db.label.findFirstOrThrow({ where: { sampledItemId: setup.items[0].id, reviewerId: a.userId } });
    await editLabel({ projectSlug: setup.project.slug, actor: a, labelId: labelA.id, values: { ...GOOD_LABEL, harm: "harmful", harm_severity: "S1" } });
    await submitLabel({ projectSlug: setup.project.slug, actor: b, assignmentId: claimB.assignmentId!, values: GOOD_LABEL });
    await processReviewEvents();
    [incident] = await incidentsOf(setup.project.id);
    expect(incident.timeline.map((t) => t.action)).toEqual(["created", "label_attached"]);
    expect(incident.timeline[1].comment).toContain("An edited label marks this output");
    expect(incident.timeline[1].comment).toContain("S1, graver than the incident's S3");

    await adjudicateItem({ projectSlug: setup.project.slug, actor: setup.members.qa_lead, sampledItemId: setup.items[0].id, values: GOOD_LABEL, rationale: "The answer only quotes the published fee table." });
    await processReviewEvents();
    const all = await incidentsOf(setup.project.id);
    expect(all).toHaveLength(1);
    expect(all[0].status).toBe("open");
    expect(all[0].closeProposal).toMatchObject({ reason: "The answer only quotes the published fee table.", source: "adjudication" });
    expect(all[0].timeline.map((t) => t.action)).toEqual(["created", "label_attached", "close_proposed"]);
  });

  it("in one drained batch, a later event finds the incident an earlier one opened", async () => {
    const { setup, a, b, claimA, claimB } = await twoReviewersOnOneItem();
    await submitLabel({ projectSlug: setup.project.slug, actor: a, assignmentId: claimA.assignmentId!, values: NEAR_MISS_S3 });
    await submitLabel({ projectSlug: setup.project.slug, actor: b, assignmentId: claimB.assignmentId!, values: GOOD_LABEL });
    await adjudicateItem({ projectSlug: setup.project.slug, actor: setup.members.qa_lead, sampledItemId: setup.items[0].id, values: GOOD_LABEL, rationale: "Quotes the fee table." });
    await processReviewEvents();
    const all = await incidentsOf(setup.project.id);
    expect(all).toHaveLength(1);
    expect(all[0].closeProposal).toMatchObject({ reason: "Quotes the fee table.", source: "adjudication" });
    expect(all[0].timeline.map((t) => t.action)).toEqual(["created", "close_proposed"]);
  });
});
