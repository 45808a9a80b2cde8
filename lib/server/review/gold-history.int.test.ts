import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { claimNextAssignment, editLabel, submitLabel } from "./labels";
import { adjudicateItem } from "./gold";
import { listGoldHistory, readGoldAsOf } from "./gold-history";
import { assignAuditItems } from "./routing";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";
import { processReviewEvents } from "@/lib/server/events/process";
import type { ReviewEvent, ReviewEventHandler } from "@/lib/server/events/handlers";

// These tests drain the outbox themselves, with handlers that record what they are given.
vi.stubEnv("ASSAY_REVIEW_EVENTS", "0");

const WITH_CONTEXT = { ...GOOD_LABEL, groundedness: "grounded" };
const at = (minute: number) => new Date(Date.UTC(2026, 2, 2, 10, minute));

async function overlapProject() {
  const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: [{ stratum: "billing", reviewersWanted: 2, withContext: true }] });
  await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  const [a, b] = setup.reviewers;
  const claimA = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: a })).item!;
  const claimB = (await claimNextAssignment({ projectSlug: setup.project.slug, actor: b })).item!;
  return { ...setup, a, b, claimA, claimB, item: setup.items[0] };
}

/** Collects what the handlers are given; drains first what earlier tests of this file left. */
function recorder(): ReviewEventHandler & { events: ReviewEvent[] } {
  const events: ReviewEvent[] = [];
  return { name: "recorder", events, handle: async (event) => void events.push(event) };
}

describe("gold history", () => {
  it("keeps every decision (consensus, withdrawal, adjudication) and reads gold as of a moment", async () => {
    const { project, a, b, claimA, claimB, item, members } = await overlapProject();
    await processReviewEvents({ handlers: [recorder()] });
    const first = await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT, now: at(1) });
    // Tone 5 vs 4 agrees under the default tolerance: the consensus is the lower median, 4.
    await submitLabel({ projectSlug: project.slug, actor: b, assignmentId: claimB.assignmentId!, values: { ...WITH_CONTEXT, tone: 5 }, now: at(2) });
    // b changes their mind: factuality now disagrees, the consensus is withdrawn.
    await editLabel({ projectSlug: project.slug, actor: b, labelId: (await (await prisma()).label.findFirstOrThrow({ where: { sampledItemId: item.id, reviewerId: b.userId } })).id, values: { ...WITH_CONTEXT, factuality: "major_error" }, now: at(3) });
    const decision = { ...WITH_CONTEXT, factuality: "minor_error" };
    await adjudicateItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id, values: decision, rationale: "A slip, not a wrong answer." });

    const history = await listGoldHistory({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id });
    expect(history.map((h) => [h.source, h.withdrawn, h.isCurrent, h.values.factuality, h.decidedById, h.rationale])).toEqual([
      ["consensus", false, false, "correct", null, null],
      ["consensus", true, false, "correct", null, null],
      ["adjudication", false, true, "minor_error", members.qa_lead.userId, "A slip, not a wrong answer."],
    ]);
    expect(history[0].values.tone).toBe(4);

    const asOf = async (when: Date) => (await readGoldAsOf({ projectId: project.id, asOf: when })).map((g) => [g.sampledItemId, g.source, g.values.factuality]);
    expect(await asOf(at(1))).toEqual([]);
    expect(await asOf(at(2))).toEqual([[item.id, "consensus", "correct"]]);
    expect(await asOf(at(4))).toEqual([]);
    expect(await asOf(new Date())).toEqual([[item.id, "adjudication", "minor_error"]]);
    expect(await readGoldAsOf({ projectId: project.id, asOf: new Date(), auditIds: ["another-audit"] })).toEqual([]);
    expect(first.itemStatus).toBe("pending");

    // Reviewers cannot read it; another project's item is a 404.
    await expect(listGoldHistory({ projectSlug: project.slug, actor: a, sampledItemId: item.id })).rejects.toMatchObject({ status: 403 });
    const elsewhere = await makeReviewProject({ reviewers: [["billing"]], items: [] });
    await expect(listGoldHistory({ projectSlug: elsewhere.project.slug, actor: elsewhere.members.qa_lead, sampledItemId: item.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe("the event point", () => {
  it("appends one event per label write and gold decision, drained once, with the values of the time", async () => {
    const { project, a, b, claimA, claimB, item, members } = await overlapProject();
    await processReviewEvents({ handlers: [recorder()] });
    const seen = recorder();
    await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT });
    await submitLabel({ projectSlug: project.slug, actor: b, assignmentId: claimB.assignmentId!, values: { ...WITH_CONTEXT, policy: "violation", policy_categories: ["other"] } });
    await adjudicateItem({ projectSlug: project.slug, actor: members.qa_lead, sampledItemId: item.id, values: WITH_CONTEXT, rationale: "No violation." });
    // A solo item goes through the one-statement submit.
    const solo = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }] });
    await assignAuditItems({ projectId: solo.project.id, auditId: solo.audit.id });
    const soloClaim = (await claimNextAssignment({ projectSlug: solo.project.slug, actor: solo.reviewers[0] })).item!;
    await submitLabel({ projectSlug: solo.project.slug, actor: solo.reviewers[0], assignmentId: soloClaim.assignmentId!, values: GOOD_LABEL });

    const drained = await processReviewEvents({ handlers: [seen] });
    const mine = seen.events.filter((e) => e.projectId === project.id).map((e) => [e.kind, e.reviewerId, e.goldSource, e.values.policy, e.actorId]);
    expect(mine).toEqual([
      ["label_submitted", a.userId, null, "compliant", a.userId],
      ["label_submitted", b.userId, null, "violation", b.userId],
      ["gold_decided", null, "adjudication", "compliant", members.qa_lead.userId],
    ]);
    const gold = seen.events.find((e) => e.kind === "gold_decided" && e.projectId === project.id)!;
    expect(gold).toMatchObject({ sampledItemId: item.id, auditId: item.auditId, outputId: item.outputId, rationale: "No violation." });
    const db = await prisma();
    expect(await db.goldLabelVersion.findUnique({ where: { id: gold.goldLabelId! } })).toMatchObject({ source: "adjudication", isCurrent: true });
    const soloEvents = seen.events.filter((e) => e.projectId === solo.project.id).map((e) => [e.kind, e.goldSource]);
    expect(soloEvents).toEqual([["label_submitted", null], ["gold_decided", "consensus"]]);
    expect(drained.processed).toBe(seen.events.length);
    // Drained once: nothing is left to hand out again.
    const again = recorder();
    expect((await processReviewEvents({ handlers: [again] })).processed).toBe(0);
    expect(again.events).toEqual([]);
  });

  it("retries an event whose handler failed, and leaves the others processed", async () => {
    const { project, a, claimA } = await overlapProject();
    await processReviewEvents({ handlers: [recorder()] });
    await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT });
    let calls = 0;
    const flaky: ReviewEventHandler = { name: "flaky", handle: async () => { calls++; if (calls === 1) throw new Error("incident store down"); } };
    const clock = { t: Date.now() };
    const first = await processReviewEvents({ handlers: [flaky], now: () => new Date(clock.t), log: () => {} });
    expect(first).toEqual({ processed: 0, failed: 1 });
    const db = await prisma();
    expect(await db.reviewEvent.findFirst({ where: { projectId: project.id }, select: { lastError: true, attempts: true, processedAt: true } })).toEqual({ lastError: "incident store down", attempts: 1, processedAt: null });
    // Not before its retry delay; then it goes through.
    expect((await processReviewEvents({ handlers: [flaky], now: () => new Date(clock.t) })).processed).toBe(0);
    clock.t += 60_000;
    expect(await processReviewEvents({ handlers: [flaky], now: () => new Date(clock.t) })).toEqual({ processed: 1, failed: 0 });
    expect(calls).toBe(2);
  });

  it("runs a batch hook once per batch with the handled events, and retries the batch when it fails", async () => {
    const { project, a, b, claimA, claimB } = await overlapProject();
    await processReviewEvents({ handlers: [recorder()] });
    await submitLabel({ projectSlug: project.slug, actor: a, assignmentId: claimA.assignmentId!, values: WITH_CONTEXT });
    await submitLabel({ projectSlug: project.slug, actor: b, assignmentId: claimB.assignmentId!, values: WITH_CONTEXT });
    const batches: ReviewEvent["kind"][][] = [];
    const flakyBatch: ReviewEventHandler = {
      name: "flaky-batch",
      afterBatch: async (events) => {
        batches.push(events.map((e) => e.kind));
        if (batches.length === 1) throw new Error("monitor down");
      },
    };
    const clock = { t: Date.now() };
    expect(await processReviewEvents({ handlers: [flakyBatch], now: () => new Date(clock.t), log: () => {} })).toEqual({ processed: 0, failed: 3 });
    const db = await prisma();
    const events = await db.reviewEvent.findMany({ where: { projectId: project.id }, select: { lastError: true, processedAt: true } });
    expect(events).toEqual(Array(3).fill({ lastError: "flaky-batch: monitor down", processedAt: null }));
    clock.t += 60_000;
    expect(await processReviewEvents({ handlers: [flakyBatch], now: () => new Date(clock.t) })).toEqual({ processed: 3, failed: 0 });
    // Two labels and the consensus gold they made, in one batch each time.
    expect(batches).toEqual([["label_submitted", "label_submitted", "gold_decided"], ["label_submitted", "label_submitted", "gold_decided"]]);
  });
});
