import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { claimNextAssignment, editLabel, submitLabel } from "./labels";
import { getMyLabel, listMyLabels } from "./my-labels";
import { saveRubric } from "./rubrics";
import { assignAuditItems } from "./routing";
import { GOOD_LABEL, makeAudit, makeReviewProject } from "@/tests/fixtures/review";
import { defaultRubric } from "@/lib/review/rubric";

/** Two reviewers who both label every item of an open audit (overlap 2). */
async function twoReviewers(items = 2) {
  const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: Array.from({ length: items }, () => ({ stratum: "billing", reviewersWanted: 2 })) });
  await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  return { ...setup, a: setup.reviewers[0], b: setup.reviewers[1] };
}

async function labelNext(projectSlug: string, actor: Parameters<typeof claimNextAssignment>[0]["actor"], values: object, now: Date) {
  const claim = (await claimNextAssignment({ projectSlug, actor, now })).item!;
  const { labelId } = await submitLabel({ projectSlug, actor, assignmentId: claim.assignmentId!, values, now });
  return { labelId, sampledItemId: claim.sampledItemId };
}

describe("listMyLabels", () => {
  it("lists only the actor's labels of this project's open audits, newest first", async () => {
    const { project, a, b, audit } = await twoReviewers();
    const t0 = new Date(Date.now() - 60_000);
    const first = await labelNext(project.slug, a, GOOD_LABEL, t0);
    const second = await labelNext(project.slug, a, { ...GOOD_LABEL, tone: 2 }, new Date(t0.getTime() + 1000));
    await labelNext(project.slug, b, { ...GOOD_LABEL, notes: "b's secret" }, t0);

    // A label of the same reviewer in another project is not listed here.
    const other = await makeReviewProject({ reviewers: [], items: [{ stratum: "billing" }] });
    const db = await prisma();
    await db.membership.create({ data: { projectId: other.project.id, userId: a.userId, role: "reviewer", expertise: ["billing"] } });
    await assignAuditItems({ projectId: other.project.id, auditId: other.audit.id });
    await labelNext(other.project.slug, a, GOOD_LABEL, t0);

    const { labels, rubrics } = await listMyLabels({ projectSlug: project.slug, actor: a });
    expect(labels.map((l) => l.id)).toEqual([second.labelId, first.labelId]);
    expect(labels[0]).toMatchObject({ sampledItemId: second.sampledItemId, week: audit.week, stratum: "billing", edits: 0, values: { ...GOOD_LABEL, tone: 2 } });
    expect(labels[0].externalId).toMatch(/^out-/);
    expect(JSON.stringify(labels)).not.toContain("b's secret");
    expect(Object.values(rubrics).map((r) => r.version)).toEqual([1]);
    expect((await listMyLabels({ projectSlug: other.project.slug, actor: a })).labels).toHaveLength(1);

    // Edits are counted; a closed audit's labels (no longer editable) drop out of the list.
    await editLabel({ projectSlug: project.slug, actor: a, labelId: first.labelId, values: { ...GOOD_LABEL, harm: "near_miss", harm_severity: "S3" } });
    expect((await listMyLabels({ projectSlug: project.slug, actor: a })).labels.find((l) => l.id === first.labelId)?.edits).toBe(1);
    const later = await makeAudit(project.id, [{ stratum: "billing", reviewersWanted: 2 }]);
    await assignAuditItems({ projectId: project.id, auditId: later.audit.id });
    const fresh = await labelNext(project.slug, a, GOOD_LABEL, new Date());
    await db.audit.update({ where: { id: audit.id }, data: { status: "closed" } });
    expect((await listMyLabels({ projectSlug: project.slug, actor: a })).labels.map((l) => l.id)).toEqual([fresh.labelId]);
  });

  it("refuses people who cannot label here", async () => {
    const { project, members, outsider } = await twoReviewers(1);
    await expect(listMyLabels({ projectSlug: project.slug, actor: outsider })).rejects.toMatchObject({ status: 404 });
    await expect(listMyLabels({ projectSlug: project.slug, actor: members.ml_engineer })).rejects.toMatchObject({ status: 403 });
    await expect(listMyLabels({ projectSlug: project.slug, actor: { kind: "apiKey", apiKeyId: "k", projectId: project.id, scopes: ["export"] } })).rejects.toMatchObject({ status: 403 });
  });
});

describe("getMyLabel", () => {
  it("gives the item, the current rubric and the history with the editor's name", async () => {
    const { project, a, members } = await twoReviewers(1);
    const t0 = new Date(Date.now() - 60_000);
    const { labelId, sampledItemId } = await labelNext(project.slug, a, GOOD_LABEL, t0);
    await editLabel({ projectSlug: project.slug, actor: a, labelId, values: { ...GOOD_LABEL, tone: 1 }, now: new Date(t0.getTime() + 1000) });
    const spec = defaultRubric();
    await saveRubric({ projectSlug: project.slug, actor: members.qa_lead, spec: { ...spec, dimensions: [...spec.dimensions, { key: "escalated", label: "Escalated", kind: "boolean", required: false }] } });

    const detail = await getMyLabel({ projectSlug: project.slug, actor: a, labelId });
    expect(detail).toMatchObject({ id: labelId, sampledItemId, auditOpen: true, hasContext: false, edits: 1, values: { ...GOOD_LABEL, tone: 1 } });
    expect(detail.output.input).toEqual([{ role: "user", content: "Question 0" }]);
    // Edits are validated against the rubric in force, not the one the label was made with.
    expect([detail.rubric.version, detail.labelRubric.version]).toEqual([2, 1]);
    expect(detail.rubric.dimensions.map((d) => d.key)).toContain("escalated");
    expect(detail.history.map((h) => [h.editorName, h.before, h.after])).toEqual([
      ["Test User", null, GOOD_LABEL],
      ["Test User", GOOD_LABEL, { ...GOOD_LABEL, tone: 1 }],
    ]);
  });

  it("answers 404 for another reviewer's label or another project's", async () => {
    const { project, a, b, members } = await twoReviewers(1);
    const { labelId } = await labelNext(project.slug, a, GOOD_LABEL, new Date());
    await expect(getMyLabel({ projectSlug: project.slug, actor: b, labelId })).rejects.toMatchObject({ status: 404 });
    // Even a QA lead, who may read every label elsewhere, has no "my label" that is not theirs.
    await expect(getMyLabel({ projectSlug: project.slug, actor: members.qa_lead, labelId })).rejects.toMatchObject({ status: 404 });
    const other = await makeReviewProject({ reviewers: [], items: [] });
    const db = await prisma();
    await db.membership.create({ data: { projectId: other.project.id, userId: a.userId, role: "reviewer", expertise: [] } });
    await expect(getMyLabel({ projectSlug: other.project.slug, actor: a, labelId })).rejects.toMatchObject({ status: 404 });
  });
});
