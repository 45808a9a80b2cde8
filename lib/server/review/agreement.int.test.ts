import { describe, expect, it, vi } from "vitest";
import { krippendorffAlpha, gwetAC1 } from "@/lib/stats/agreement";
import { transpose } from "@/lib/stats/bootstrap";
import { claimNextAssignment, submitLabel } from "./labels";
import { assignAuditItems } from "./routing";
import { getAgreementReport, getMyReviewerQuality } from "./agreement";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";

vi.stubEnv("ASSAY_REVIEW_EVENTS", "0");
const FACT = ["correct", "minor_error", "major_error"];

describe("agreement page data", () => {
  it("equals lib/stats on the same labels, excludes self-gold from reviewer stats, and is for QA leads", async () => {
    const overlap = Array.from({ length: 12 }, () => ({ stratum: "billing", reviewersWanted: 2 }));
    const solo = Array.from({ length: 4 }, () => ({ stratum: "billing" }));
    const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items: [...overlap, ...solo] });
    const { project, members, reviewers } = setup;
    await assignAuditItems({ projectId: project.id, auditId: setup.audit.id });
    // a says what the item is; b is one step harsher on every third item and rates tone one higher on every second.
    const truth = (i: number) => FACT[i % 3];
    const given = new Map<string, { a?: number; b?: number }>();
    for (const [r, actor] of reviewers.entries()) {
      for (;;) {
        const claim = (await claimNextAssignment({ projectSlug: project.slug, actor })).item;
        if (!claim) break;
        const i = setup.items.findIndex((it) => it.id === claim.sampledItemId);
        const fact = r === 1 && i % 3 === 0 ? Math.min(2, FACT.indexOf(truth(i)) + 1) : FACT.indexOf(truth(i));
        const values = { ...GOOD_LABEL, factuality: FACT[fact], tone: r === 1 && i % 2 === 0 ? 5 : 4, ...(FACT[fact] === "major_error" ? { harm: "none" } : {}) };
        await submitLabel({ projectSlug: project.slug, actor, assignmentId: claim.assignmentId!, values });
        given.set(claim.sampledItemId, { ...given.get(claim.sampledItemId), [r === 0 ? "a" : "b"]: fact });
      }
    }
    const report = await getAgreementReport({ projectSlug: project.slug, actor: members.qa_lead });
    expect(report.audit).toMatchObject({ id: setup.audit.id, overlapItems: 12 });
    const rows = [...given.values()].filter((g) => g.a !== undefined && g.b !== undefined).map((g) => [g.a!, g.b!]);
    expect(rows).toHaveLength(12);
    const fact = report.dimensions.find((d) => d.key === "factuality")!;
    expect(fact).toMatchObject({ items: 12, tooFew: false, level: "ordinal" });
    expect(fact.alpha!.estimate).toBeCloseTo(krippendorffAlpha(transpose(rows), "ordinal"), 12);
    expect(fact.ac1!.estimate).toBeCloseTo(gwetAC1(rows, { categories: [0, 1, 2] }).ac1, 12);
    expect(fact.alpha!.lower).toBeLessThanOrEqual(fact.alpha!.estimate);
    // Every overlap item reached gold (consensus or adjudication queue): only those with gold count, solo gold never.
    expect(report.reviewers.reduce((sum, q) => sum + q.labels, 0)).toBe(28);
    // Solo items are labelled but their gold is the reviewer's own label: never compared.
    for (const q of report.reviewers) expect(q.dimensions.find((d) => d.key === "policy")!.compared).toBeLessThanOrEqual(12);
    const quality = report.reviewers.find((q) => q.reviewerId === reviewers[0].userId)!;
    const compared = quality.dimensions.find((d) => d.key === "policy")!.compared;
    expect(report.trend.find((t) => t.key === "factuality")!.points.at(-1)!.items).toBe(12);

    // A reviewer cannot read the page's data, but sees their own row.
    await expect(getAgreementReport({ projectSlug: project.slug, actor: reviewers[0] })).rejects.toMatchObject({ status: 403 });
    const mine = await getMyReviewerQuality({ projectSlug: project.slug, actor: reviewers[0] });
    expect(mine.quality).toMatchObject({ reviewerId: reviewers[0].userId, labels: quality.labels });
    expect(mine.quality!.dimensions.find((d) => d.key === "policy")!.compared).toBe(compared);
    // Another project's audit is a 404.
    const elsewhere = await makeReviewProject({ reviewers: [["billing"]], items: [] });
    await expect(getAgreementReport({ projectSlug: elsewhere.project.slug, actor: elsewhere.members.qa_lead, auditId: setup.audit.id })).rejects.toMatchObject({ status: 404 });
  });
});
