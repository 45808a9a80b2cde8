import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { makeProject } from "@/tests/fixtures";
import { incidentReviewEventHandler } from "./review-event-handler";
import { changeIncidentStatus, commentOnIncident, createIncident, getIncident, linkToIncident, listIncidents, recordNearMissesFromOutputs, updateIncident, updateIncidentSla } from "./incidents";
import { exportMonthCsv, getMonthlyReview, listSignOffs, signOffMonth } from "./monthly-review";
import { flaggedDimensions, goldEvent, HARMFUL, labelEvent, makeIncidentProject, NEAR_MISS, NO_HARM } from "@/tests/fixtures/incidents";

const ctx = { dimensions: flaggedDimensions() };
const march = (day: number, hour = 9) => new Date(Date.UTC(2026, 2, day, hour));
const AFTER_MARCH = new Date(Date.UTC(2026, 3, 2));

async function incidentsOf(projectId: string) {
  const db = await prisma();
  return db.incident.findMany({ where: { projectId }, include: { labels: true, outputs: true, timeline: { orderBy: { createdAt: "asc" } } }, orderBy: { number: "asc" } });
}

describe("automatic incidents from review events", () => {
  it("opens one incident per output, attaches later labels, and ignores a replayed event", async () => {
    const { project, reviewers, items, rubric } = await makeIncidentProject();
    const [a, b] = reviewers;
    const first = await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: a, values: HARMFUL, at: march(3) });
    await incidentReviewEventHandler.handle(first, ctx);
    await incidentReviewEventHandler.handle(first, ctx); // a replay after a crash
    const second = await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: b, values: { ...NEAR_MISS, harm_severity: "S1" }, at: march(4) });
    await incidentReviewEventHandler.handle(second, ctx);
    const clean = await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[1], reviewer: a, values: NO_HARM, at: march(4) });
    await incidentReviewEventHandler.handle(clean, ctx);

    const [only, ...rest] = await incidentsOf(project.id);
    expect(rest).toHaveLength(0);
    expect(only).toMatchObject({ number: 1, kind: "harm", severity: "S2", category: "unsafe_advice", source: "review", status: "open", openedByReviewerId: a.userId, detectedAt: march(3) });
    expect(only.outputs.map((o) => o.outputId)).toEqual([items[0].outputId]);
    expect(only.labels.map((l) => l.labelId).sort()).toEqual([first.labelId, second.labelId].sort());
    expect(only.timeline.map((t) => t.action)).toEqual(["created", "label_attached"]);
    // The later label's graver severity is noted for triage, not applied.
    expect(only.timeline[1].comment).toContain("S1, graver than the incident's S2");

    const other = await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[2], reviewer: b, values: { ...NEAR_MISS, harm_severity: undefined }, at: march(5) });
    await incidentReviewEventHandler.handle(other, ctx);
    const all = await incidentsOf(project.id);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatchObject({ kind: "near_miss", severity: "S3", category: "other" });
    expect(all[1].timeline[0].comment).toContain("no severity");
  });

  it("opens one incident when two labels on the same output are processed at once", async () => {
    const { project, reviewers, items, rubric } = await makeIncidentProject();
    const events = await Promise.all(reviewers.map((reviewer) => labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer, values: HARMFUL, at: march(3) })));
    await Promise.all(events.map((event) => incidentReviewEventHandler.handle(event, ctx)));
    const all = await incidentsOf(project.id);
    expect(all).toHaveLength(1);
    expect(all[0].labels).toHaveLength(2);
  });

  it("proposes closing as not an incident when the gold decision says no harm, and deletes nothing", async () => {
    const { project, reviewers, items, rubric, members } = await makeIncidentProject();
    await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: reviewers[0], values: HARMFUL, at: march(3) }), ctx);
    const gold = await goldEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], adjudicator: members.qa_lead, values: NO_HARM, rationale: "The advice matches the medical guideline.", at: march(6) });
    await incidentReviewEventHandler.handle(gold, ctx);
    const [incident] = await incidentsOf(project.id);
    expect(incident.status).toBe("open");
    expect(incident.closeProposal).toMatchObject({ reason: "The advice matches the medical guideline.", adjudicatorId: members.qa_lead.userId, source: "adjudication" });
    expect(incident.timeline.at(-1)).toMatchObject({ action: "close_proposed", actorId: members.qa_lead.userId });
    const detail = await getIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: incident.id });
    expect(detail.closeProposal?.reason).toBe("The advice matches the medical guideline.");

    // The QA lead accepts: closed as not an incident, out of the month's counts.
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: incident.id, change: { to: "closed", closeReason: "not_an_incident", rootCause: "Reviewer misread the guideline", resolution: detail.closeProposal!.reason }, now: march(7) });
    const review = await getMonthlyReview({ actor: members.qa_lead, projectSlug: project.slug, month: "2026-03", now: AFTER_MARCH });
    expect(review.figures.incidents).toBe(0);
    expect(review.figures.notAnIncident).toBe(1);
    expect(review.figures.rates.harm.count).toBe(0);
  });

  it("attaches a gold decision that confirms harm, and opens an incident for a harmful gold with no prior label", async () => {
    const { project, reviewers, items, rubric, members } = await makeIncidentProject();
    await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: reviewers[0], values: HARMFUL, at: march(3) }), ctx);
    await incidentReviewEventHandler.handle(await goldEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], adjudicator: members.qa_lead, values: HARMFUL, rationale: "Agreed", at: march(4) }), ctx);
    await incidentReviewEventHandler.handle(await goldEvent({ projectId: project.id, rubricId: rubric.id, item: items[1], adjudicator: members.qa_lead, values: NEAR_MISS, rationale: "Caught by guardrail", at: march(4) }), ctx);
    const [confirmed, fromGold] = await incidentsOf(project.id);
    expect(confirmed.labels.map((l) => l.labelKind).sort()).toEqual(["gold", "label"]);
    expect(fromGold).toMatchObject({ kind: "near_miss", openedByReviewerId: null });
  });
});

describe("the register by hand", () => {
  it("records an incident linked to outputs by external id, naming unknown ids and missing fields", async () => {
    const { project, items, members } = await makeIncidentProject();
    const db = await prisma();
    const output = await db.loggedOutput.findUniqueOrThrow({ where: { id: items[0].outputId } });
    const fields = { title: "Customer complaint: card number echoed", kind: "boundary_violation", severity: "S1", category: "sensitive_data_exposure", detectedAt: march(10).toISOString(), reportedVia: "support ticket #4411", outputIds: [output.externalId] };
    await expect(createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { ...fields, outputIds: ["nope-1"] } })).rejects.toMatchObject({ status: 400, issues: [{ field: "outputIds" }] });
    await expect(createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { ...fields, title: " ", severity: "S9" } })).rejects.toMatchObject({
      issues: expect.arrayContaining([expect.objectContaining({ field: "title" }), expect.objectContaining({ field: "severity" })]),
    });
    expect(await db.incident.count({ where: { projectId: project.id } })).toBe(0);
    const created = await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields });
    const detail = await getIncident({ actor: members.ml_engineer, projectSlug: project.slug, incidentId: created.id });
    expect(detail).toMatchObject({ number: 1, source: "manual", reportedVia: "support ticket #4411", outputs: [{ externalId: output.externalId }] });
    // ML engineers read; reviewers and ML engineers cannot manage.
    await expect(updateIncident({ actor: members.ml_engineer, projectSlug: project.slug, incidentId: created.id, fields: { severity: "S2" } })).rejects.toMatchObject({ status: 403 });
  });

  it("keeps every change in the timeline: fields, status with reopen, comments with @mentions, links", async () => {
    const { project, items, members, reviewers } = await makeIncidentProject();
    const { id } = await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "Guardrail log", kind: "near_miss", severity: "S3", category: "unsafe_advice", detectedAt: march(2).toISOString() }, now: march(2, 10) });
    await updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, fields: { severity: "S2", ownerId: members.qa_lead.userId }, comment: "Wider than we thought", now: march(2, 11) });
    // Closing needs a root cause and a resolution.
    await expect(changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "closed", resolution: "Fixed" } })).rejects.toMatchObject({
      status: 400,
      issues: [{ field: "rootCause", message: "a root cause is required to close an incident" }],
    });
    await expect(changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "bogus" } })).rejects.toMatchObject({ issues: [{ field: "to" }] });
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "triaged" }, now: march(2, 12) });
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "mitigated" }, now: march(2, 15) });
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "closed", rootCause: "Prompt lacked refusal rule", resolution: "Rule added" }, now: march(3, 9) });
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "open", comment: "Seen again" }, now: march(4) });
    const mention = reviewers[0].email.split("@")[0];
    const commented = await commentOnIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, comment: `@${mention} can you check? cc @nobody` });
    expect(commented.mentionedUserIds).toEqual([reviewers[0].userId]);
    await linkToIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, links: { outputIds: [items[1].outputId] } });

    const detail = await getIncident({ actor: members.admin, projectSlug: project.slug, incidentId: id });
    expect(detail.timeline.map((t) => t.action)).toEqual(["created", "updated", "status", "status", "status", "reopened", "comment", "linked"]);
    expect(detail.timeline[1]).toMatchObject({ changes: { severity: { from: "S3", to: "S2" } }, comment: "Wider than we thought" });
    expect(detail.timeline[4].changes).toMatchObject({ status: { from: "mitigated", to: "closed" }, rootCause: { from: null, to: "Prompt lacked refusal rule" } });
    expect(detail.timeline[6].mentions).toEqual(["Test User"]);
    expect(detail).toMatchObject({ status: "open", resolvedAt: null, mitigatedAt: march(2, 15).toISOString(), timeToMitigationHours: 6, outputs: [{ id: items[1].outputId }] });
  });

  it("turns blocked outputs into near misses in bulk, once per output", async () => {
    const { project, items, members } = await makeIncidentProject();
    const ids = items.slice(0, 2).map((i) => i.outputId);
    expect(await recordNearMissesFromOutputs({ actor: members.qa_lead, projectSlug: project.slug, request: { outputIds: ids } })).toMatchObject({ created: 2, skipped: 0 });
    expect(await recordNearMissesFromOutputs({ actor: members.qa_lead, projectSlug: project.slug, request: { outputIds: [...ids, items[2].outputId] } })).toMatchObject({ created: 1, skipped: 2 });
    const all = await incidentsOf(project.id);
    expect(all.map((i) => [i.kind, i.reportedVia, i.outputs.length])).toEqual([["near_miss", "guardrail log", 1], ["near_miss", "guardrail log", 1], ["near_miss", "guardrail log", 1]]);
    await expect(recordNearMissesFromOutputs({ actor: members.ml_engineer, projectSlug: project.slug, request: { outputIds: ids } })).rejects.toMatchObject({ status: 403 });
    await expect(recordNearMissesFromOutputs({ actor: members.qa_lead, projectSlug: project.slug, request: { outputIds: [] } })).rejects.toMatchObject({ issues: [{ field: "outputIds" }] });
  });
});

describe("list, SLA ageing and visibility", () => {
  it("filters, sorts and pages by keyset without repeating a row; flags overdue incidents by severity SLA", async () => {
    const { project, members } = await makeIncidentProject();
    const specs = [
      ["S1", 1],
      ["S2", 2],
      ["S2", 3],
      ["S3", 4],
      ["S4", 5],
    ] as const;
    for (const [severity, day] of specs) {
      await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: `Incident ${day}`, kind: "harm", severity, category: "other", detectedAt: march(day).toISOString() } });
    }
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listIncidents>> = await listIncidents({ actor: members.ml_engineer, projectSlug: project.slug, sort: { field: "severity", direction: "asc" }, cursor, limit: 2 });
      seen.push(...page.incidents.map((i) => i.number));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(5);
    expect((await listIncidents({ actor: members.ml_engineer, projectSlug: project.slug, filters: { severity: "S2" } })).incidents.map((i) => i.number).sort()).toEqual([2, 3]);
    expect((await listIncidents({ actor: members.ml_engineer, projectSlug: project.slug, filters: { month: "2026-02" } })).incidents).toHaveLength(0);
    await expect(listIncidents({ actor: members.ml_engineer, projectSlug: project.slug, filters: { month: "March" } })).rejects.toMatchObject({ issues: [{ field: "month" }] });

    // 4 days after 5 March 09:00: S1 (day 1), S2 (days 2, 3) are past 24 h / 72 h; S3 (7 d) and S4 (30 d) not.
    const now = march(6, 10);
    const overdue = await listIncidents({ actor: members.ml_engineer, projectSlug: project.slug, filters: { overdue: true }, now });
    expect(overdue.incidents.map((i) => i.number).sort()).toEqual([1, 2, 3]);
    // The SLA is editable per project: a tighter S3 makes incident 4 overdue.
    await updateIncidentSla({ actor: members.qa_lead, projectSlug: project.slug, slaHours: { S1: 24, S2: 72, S3: 12, S4: 720 } });
    expect((await listIncidents({ actor: members.ml_engineer, projectSlug: project.slug, filters: { overdue: true }, now })).incidents.map((i) => i.number).sort()).toEqual([1, 2, 3, 4]);
    await expect(updateIncidentSla({ actor: members.qa_lead, projectSlug: project.slug, slaHours: { S1: 0, S2: 72, S3: 12, S4: 720 } })).rejects.toMatchObject({ issues: [{ field: "S1" }] });
  });

  it("shows reviewers only the incidents their own labels opened, read-only, and 404s across projects", async () => {
    const { project, reviewers, items, rubric, members } = await makeIncidentProject();
    const [a, b] = reviewers;
    await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: a, values: HARMFUL, at: march(3) }), ctx);
    await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[1], reviewer: b, values: HARMFUL, at: march(3) }), ctx);
    const ofA = await listIncidents({ actor: a, projectSlug: project.slug });
    expect(ofA).toMatchObject({ ownOnly: true, canManage: false });
    expect(ofA.incidents).toHaveLength(1);
    const [mine] = ofA.incidents;
    const [theirs] = (await listIncidents({ actor: b, projectSlug: project.slug })).incidents;
    await expect(getIncident({ actor: a, projectSlug: project.slug, incidentId: theirs.id })).rejects.toMatchObject({ status: 404 });
    await expect(commentOnIncident({ actor: a, projectSlug: project.slug, incidentId: mine.id, comment: "hi" })).rejects.toMatchObject({ status: 403 });

    const other = await makeProject();
    await expect(getIncident({ actor: members.qa_lead, projectSlug: other.project.slug, incidentId: mine.id })).rejects.toMatchObject({ status: 404 });
    // A member of the other project asking through their own project still gets nothing.
    await expect(getIncident({ actor: other.members.qa_lead, projectSlug: other.project.slug, incidentId: mine.id })).rejects.toMatchObject({ status: 404 });
    await expect(changeIncidentStatus({ actor: other.members.qa_lead, projectSlug: other.project.slug, incidentId: mine.id, change: { to: "triaged" } })).rejects.toMatchObject({ status: 404 });
    await expect(getIncident({ actor: other.members.qa_lead, projectSlug: project.slug, incidentId: mine.id })).rejects.toMatchObject({ status: 404 });
  });
});

describe("the monthly review", () => {
  it("counts, rates per 1,000 reviewed with Wilson intervals, weighted estimate, recovery medians", async () => {
    const { project, reviewers, items, rubric, members } = await makeIncidentProject(Array.from({ length: 6 }, () => ({ stratum: "billing" })));
    const db = await prisma();
    await db.outputHourlyCount.create({ data: { projectId: project.id, hour: march(1), taskType: "billing", outputs: 60 } });
    const values = [HARMFUL, NEAR_MISS, NO_HARM, NO_HARM, NO_HARM, NO_HARM];
    for (const [i, item] of items.entries()) {
      await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item, reviewer: reviewers[i % 2], values: values[i], at: march(3 + i) }), ctx);
    }
    const [harm] = (await listIncidents({ actor: members.qa_lead, projectSlug: project.slug, filters: { kind: "harm" } })).incidents;
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: harm.id, change: { to: "closed", rootCause: "r", resolution: "s" }, now: march(4, 9) });

    const { figures } = await getMonthlyReview({ actor: members.ml_engineer, projectSlug: project.slug, month: "2026-03", now: AFTER_MARCH });
    expect(figures).toMatchObject({ incidents: 2, reviewed: 6, loggedOutputs: 60, bySeverity: { S2: 1, S3: 1 }, byKind: { harm: 1, near_miss: 1 } });
    expect(figures.rates.harm.perThousand).toBeCloseTo(1000 / 6, 6);
    // Wilson 1/6: 0.0302 to 0.5635.
    expect(figures.rates.harm.lower).toBeCloseTo(30.1, 0);
    expect(figures.rates.harm.upper).toBeCloseTo(563.5, 0);
    expect(figures.harmEstimate?.estimatedHarmful).toBeCloseTo(10, 6);
    expect(figures.medianRecoveryHours.S2).toEqual({ median: 24, incidents: 1 });
    expect(figures.trend.months).toHaveLength(12);
    expect(figures.trend.months.at(-1)).toMatchObject({ month: "2026-03", nearMisses: 1, reviewed: 6 });
    // Unclosed near miss (S3, detected 4 March) is far past 7 days at 2 April.
    expect(figures.overdue.map((o) => o.severity)).toEqual(["S3"]);
    await expect(getMonthlyReview({ actor: reviewers[0], projectSlug: project.slug, month: "2026-03" })).rejects.toMatchObject({ status: 403 });
  });

  it("signs off a month, after which its incidents refuse changes and later labels open a follow-up", async () => {
    const { project, reviewers, items, rubric, members } = await makeIncidentProject();
    await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: reviewers[0], values: HARMFUL, at: march(3) }), ctx);
    const [incident] = await incidentsOf(project.id);
    await expect(signOffMonth({ actor: members.qa_lead, projectSlug: project.slug, month: "2026-03", signOff: {}, now: march(20) })).rejects.toMatchObject({ issues: [{ field: "month" }] });
    await expect(signOffMonth({ actor: members.ml_engineer, projectSlug: project.slug, month: "2026-03", signOff: {}, now: AFTER_MARCH })).rejects.toMatchObject({ status: 403 });
    await signOffMonth({ actor: members.qa_lead, projectSlug: project.slug, month: "2026-03", signOff: { notes: "Reviewed with support", actionItems: ["Add refusal rule", ""] }, now: AFTER_MARCH });
    await expect(signOffMonth({ actor: members.qa_lead, projectSlug: project.slug, month: "2026-03", signOff: {}, now: AFTER_MARCH })).rejects.toMatchObject({ status: 409 });

    const refused = /March 2026 was signed off by Test User on 2026-04-02: its incidents are read-only/;
    await expect(updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: incident.id, fields: { severity: "S1" } })).rejects.toThrow(refused);
    await expect(changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: incident.id, change: { to: "triaged" } })).rejects.toMatchObject({ status: 409 });
    await expect(commentOnIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: incident.id, comment: "late" })).rejects.toMatchObject({ status: 409 });
    await expect(createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "Late", kind: "harm", severity: "S3", category: "other", detectedAt: march(30).toISOString() } })).rejects.toThrow(refused);
    // Moving another incident into the signed month is refused too.
    const april = await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "April", kind: "harm", severity: "S3", category: "other", detectedAt: AFTER_MARCH.toISOString() }, now: AFTER_MARCH });
    await expect(updateIncident({ actor: members.qa_lead, projectSlug: project.slug, incidentId: april.id, fields: { detectedAt: march(31) } })).rejects.toMatchObject({ status: 409 });

    // A later label on the same output lands in a follow-up incident, not in the signed month.
    await incidentReviewEventHandler.handle(await labelEvent({ projectId: project.id, rubricId: rubric.id, item: items[0], reviewer: reviewers[1], values: NEAR_MISS, at: AFTER_MARCH }), ctx);
    const all = await incidentsOf(project.id);
    const followUp = all.find((i) => i.followUpOfId === incident.id);
    expect(followUp).toMatchObject({ kind: "near_miss", detectedAt: AFTER_MARCH });
    expect(all.find((i) => i.id === incident.id)!.labels).toHaveLength(1);

    // The signed figures are kept as signed, and listed.
    const review = await getMonthlyReview({ actor: members.admin, projectSlug: project.slug, month: "2026-03" });
    expect(review.signOff).toMatchObject({ signedBy: "Test User", notes: "Reviewed with support", actionItems: ["Add refusal rule"] });
    expect(review.figures.incidents).toBe(1);
    expect(await listSignOffs({ actor: members.ml_engineer, projectSlug: project.slug })).toMatchObject([{ month: "2026-03", signedBy: "Test User" }]);
  });

  it("exports the month as CSV with formula cells neutralised", async () => {
    const { project, members } = await makeIncidentProject();
    await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: '=HYPERLINK("http://evil.test","click")', description: "", kind: "harm", severity: "S2", category: "other", detectedAt: march(5).toISOString() } });
    const { id } = await createIncident({ actor: members.qa_lead, projectSlug: project.slug, fields: { title: "@SUM(A1:A9)", kind: "near_miss", severity: "S4", category: "other", detectedAt: march(6).toISOString() } });
    await changeIncidentStatus({ actor: members.qa_lead, projectSlug: project.slug, incidentId: id, change: { to: "closed", rootCause: "-1+2", resolution: "+cmd|' /C calc'!A0" }, now: march(7) });
    const { csv, filename } = await exportMonthCsv({ actor: members.ml_engineer, projectSlug: project.slug, month: "2026-03", now: AFTER_MARCH });
    expect(filename).toBe(`incidents-${project.slug}-2026-03.csv`);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil.test"",""click"")"`);
    expect(csv).toContain(",'@SUM(A1:A9),");
    expect(csv).toContain(",'-1+2,'+cmd|' /C calc'!A0,");
    for (const line of csv.split("\r\n")) for (const cell of line.split(",")) expect(cell).not.toMatch(/^[=+@\t\r]/);
  });
});
