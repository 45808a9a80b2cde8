import { describe, expect, it } from "vitest";
import { claimNextAssignment, submitLabel } from "./labels";
import { countLabelsByDimensionKey } from "./rubrics";
import { assignAuditItems } from "./routing";
import { GOOD_LABEL, makeReviewProject } from "./test-fixtures";

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
