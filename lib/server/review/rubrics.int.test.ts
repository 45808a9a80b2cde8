import { describe, expect, it } from "vitest";
import { claimNextAssignment, submitLabel } from "./labels";
import { countLabelsByDimensionKey, getCurrentRubric, getRubricUsage, saveRubric } from "./rubrics";
import type { ChoiceDimension } from "@/lib/review/rubric";
import { assignAuditItems } from "./routing";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";

describe("countLabelsByDimensionKey", () => {
  it("counts the project's labels holding each key, for the QA lead only", async () => {
    const setup = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }, { stratum: "billing" }] });
    const { project, members, reviewers } = setup;
    await assignAuditItems({ projectId: project.id, auditId: setup.audit.id });
    for (const values of [GOOD_LABEL, { ...GOOD_LABEL, notes: "checked" }]) {
      const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewers[0] })).item!;
      await submitLabel({ projectSlug: project.slug, actor: reviewers[0], assignmentId: claim.assignmentId!, values });
    }
    // Another project's labels do not count.
    const other = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }] });
    await assignAuditItems({ projectId: other.project.id, auditId: other.audit.id });
    const claim = (await claimNextAssignment({ projectSlug: other.project.slug, actor: other.reviewers[0] })).item!;
    await submitLabel({ projectSlug: other.project.slug, actor: other.reviewers[0], assignmentId: claim.assignmentId!, values: { ...GOOD_LABEL, notes: "x" } });

    expect(await countLabelsByDimensionKey({ projectSlug: project.slug, actor: members.qa_lead })).toEqual({ factuality: 2, policy: 2, tone: 2, task_outcome: 2, harm: 2, notes: 1 });
    await expect(countLabelsByDimensionKey({ projectSlug: project.slug, actor: reviewers[0] })).rejects.toMatchObject({ status: 403 });
  });
});

describe("frozen keys", () => {
  it("refuses to rename a key or option value labels use, naming the field and saving nothing; label text stays free", async () => {
    const setup = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }] });
    const { project, members, reviewers } = setup;
    await assignAuditItems({ projectId: project.id, auditId: setup.audit.id });
    const claim = (await claimNextAssignment({ projectSlug: project.slug, actor: reviewers[0] })).item!;
    await submitLabel({ projectSlug: project.slug, actor: reviewers[0], assignmentId: claim.assignmentId!, values: GOOD_LABEL });
    const actor = members.qa_lead;
    const before = await getCurrentRubric({ projectSlug: project.slug, actor });
    const policyIndex = before.dimensions.findIndex((d) => d.key === "policy");

    // As the form does it: the condition of the violation categories follows the rename.
    const renamedKey = before.dimensions.map((d) => (d.key === "policy" ? { ...d, key: "compliance" } : d.when?.key === "policy" ? { ...d, when: { ...d.when, key: "compliance" } } : d));
    await expect(saveRubric({ projectSlug: project.slug, actor, spec: { dimensions: renamedKey, guidelines: null } })).rejects.toMatchObject({
      status: 400,
      issues: [{ field: `dimensions.${policyIndex}.key`, message: expect.stringContaining("frozen") }],
    });
    const renamedValue = before.dimensions.map((d) =>
      d.key === "policy" ? { ...d, options: (d as ChoiceDimension).options.map((o) => (o.value === "compliant" ? { ...o, value: "ok" } : o)) } : d,
    );
    await expect(saveRubric({ projectSlug: project.slug, actor, spec: { dimensions: renamedValue, guidelines: null } })).rejects.toMatchObject({
      issues: [{ field: `dimensions.${policyIndex}.options.0.value` }],
    });
    expect((await getCurrentRubric({ projectSlug: project.slug, actor })).version).toBe(before.version);

    // The unused "major_error" may still be renamed, and every label text changes freely.
    const relabelled = before.dimensions.map((d) =>
      d.key === "policy" ? { ...d, label: "Company policy" } : d.key === "factuality" ? { ...d, options: (d as ChoiceDimension).options.map((o) => (o.value === "major_error" ? { ...o, value: "big_error" } : o)) } : d,
    );
    const saved = await saveRubric({ projectSlug: project.slug, actor, spec: { dimensions: relabelled, guidelines: null } });
    expect(saved.version).toBe(before.version + 1);
    expect((await getRubricUsage({ projectSlug: project.slug, actor })).labelsByValue.policy).toEqual({ compliant: 1 });
  });
});

describe("the parsed-rubric cache", () => {
  it("is keyed by project: another project's rubric id misses it and the scoped read (issue 19)", async () => {
    const { prisma } = await import("@/lib/server/db/client");
    const { ensureCurrentRubric, findRubricById } = await import("./rubrics");
    const a = await makeReviewProject({ reviewers: [], items: [] });
    const b = await makeReviewProject({ reviewers: [], items: [] });
    const db = await prisma();
    const rubricOfB = await ensureCurrentRubric(db, b.project.id);
    // Cached now, under project B.
    expect(await findRubricById(db, b.project.id, rubricOfB.id)).toMatchObject({ id: rubricOfB.id });
    expect(await findRubricById(db, a.project.id, rubricOfB.id)).toBeNull();
  });
});
