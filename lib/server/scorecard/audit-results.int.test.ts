import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { defaultRubric } from "@/lib/review/rubric";
import { stratifiedWilsonInterval } from "@/lib/stats/stratified-interval";
import { recordGoldDecision } from "@/lib/server/review/record";
import { makeReviewProject, GOOD_LABEL } from "@/tests/fixtures/review";
import { getAuditResults, snapshotAuditResults } from "./audit-results";

const VIOLATION = { ...GOOD_LABEL, policy: "violation", policy_categories: ["contradicts_policy"] };

async function setUp() {
  const setup = await makeReviewProject({ reviewers: [[]], items: [...Array(4).fill({ stratum: "billing" }), ...Array(3).fill({ stratum: "medical" })] });
  const db = await prisma();
  // The frozen draw: 4 of 2,000 billing and 3 of 500 medical outputs.
  await db.audit.update({
    where: { id: setup.audit.id },
    data: { strata: [{ stratum: "billing", risk: "low", population: 2000, allocated: 4 }, { stratum: "medical", risk: "high", population: 500, allocated: 3 }], population: 2500, sampleSize: 7 },
  });
  const spec = defaultRubric();
  const rubric = await db.rubric.create({ data: { projectId: setup.project.id, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines } });
  const decide = (itemIndex: number, values: Record<string, unknown>, at = new Date()) =>
    db.$transaction((tx) =>
      recordGoldDecision(tx, { projectId: setup.project.id, sampledItemId: setup.items[itemIndex].id, rubricId: rubric.id, values: values as never, source: "consensus", decidedById: null, rationale: null, now: at }),
    );
  return { ...setup, rubric, decide };
}

describe("audit results", () => {
  it("equal lib/stats on the same counts, and are provisional while items are unreviewed", async () => {
    const { project, members, audit, decide } = await setUp();
    // billing: 1 violation in 3 reviewed (1 unreviewed); medical: 1 in 3.
    await decide(0, VIOLATION);
    await decide(1, GOOD_LABEL);
    await decide(2, GOOD_LABEL);
    await decide(4, VIOLATION);
    await decide(5, GOOD_LABEL);
    await decide(6, GOOD_LABEL);
    const { results, frozen } = await getAuditResults({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id });
    expect(frozen).toBeNull();
    expect(results.provisional).toBe(true);
    expect(results.reviewed).toBe(6);
    const policy = results.dimensions.find((d) => d.key === "policy")!;
    // Unreviewed items are not counted as correct: billing's rate rests on its 3 reviewed items.
    const expected = stratifiedWilsonInterval([{ size: 2000, sampled: 3, errors: 1 }, { size: 500, sampled: 3, errors: 1 }]);
    expect(policy.rate).toBeCloseTo(expected.rate, 12);
    expect(policy.lower).toBeCloseTo(expected.lower, 12);
    expect(policy.upper).toBeCloseTo(expected.upper, 12);
    expect(results.anyError.rate).toBeCloseTo(expected.rate, 12);
    expect(policy.strata.find((s) => s.value === "billing")).toMatchObject({ reviewed: 3, errors: 1, sampled: 4 });
    // Factuality never failed: 0 with an upper bound above 0 (Wilson), not a zero-width interval.
    const factuality = results.dimensions.find((d) => d.key === "factuality")!;
    expect(factuality.rate).toBe(0);
    expect(factuality.upper).toBeGreaterThan(0);
  });

  it("a closed audit's snapshot does not change after a later adjudication", async () => {
    const { project, members, audit, decide, items, rubric } = await setUp();
    for (let i = 0; i < 7; i++) await decide(i, i === 0 ? VIOLATION : GOOD_LABEL, new Date(Date.now() - 60_000));
    const db = await prisma();
    const closedAt = new Date(Date.now() - 30_000);
    await db.audit.update({ where: { id: audit.id }, data: { status: "closed", closedAt } });
    expect(await snapshotAuditResults({ projectId: project.id, auditId: audit.id })).toEqual({ created: true });
    expect(await snapshotAuditResults({ projectId: project.id, auditId: audit.id })).toEqual({ created: false });
    const before = await getAuditResults({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id });
    expect(before.frozen?.closedAt.getTime()).toBe(closedAt.getTime());
    expect(before.results.provisional).toBe(false);

    // An adjudication after closing turns a second item into a violation.
    await db.$transaction((tx) => recordGoldDecision(tx, { projectId: project.id, sampledItemId: items[1].id, rubricId: rubric.id, values: VIOLATION as never, source: "adjudication", decidedById: members.qa_lead.userId, rationale: "late finding", now: new Date() }));
    const after = await getAuditResults({ actor: members.qa_lead, projectSlug: project.slug, auditId: audit.id });
    expect(after.results).toEqual(before.results);
    expect(after.results.dimensions.find((d) => d.key === "policy")!.strata.find((s) => s.value === "billing")!.errors).toBe(1);
  });

  it("another project's audit is a 404", async () => {
    const { audit } = await setUp();
    const other = await setUp();
    await expect(getAuditResults({ actor: other.members.qa_lead, projectSlug: other.project.slug, auditId: audit.id })).rejects.toMatchObject({ status: 404 });
  });
});
