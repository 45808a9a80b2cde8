import { describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { defaultRubric } from "@/lib/review/rubric";
import { makeReviewProject, GOOD_LABEL } from "@/tests/fixtures/review";
import { recordGoldDecisions } from "./record";

describe("recordGoldDecisions (the batch form of the gold event point)", () => {
  it("writes gold, a current version and a gold_decided event per item; an unchanged decision appends nothing", async () => {
    const setup = await makeReviewProject({ reviewers: [[]], items: [{ stratum: "billing" }, { stratum: "billing" }, { stratum: "billing" }] });
    const db = await prisma();
    const spec = defaultRubric();
    const rubric = await db.rubric.create({ data: { projectId: setup.project.id, version: 1, dimensions: spec.dimensions, guidelines: spec.guidelines } });
    const at = new Date("2026-03-02T10:00:00Z");
    const decide = (values: object) => setup.items.map((item) => ({ sampledItemId: item.id, rubricId: rubric.id, values: values as never, source: "consensus" as const, decidedById: null, rationale: null, now: at }));
    expect(await db.$transaction((tx) => recordGoldDecisions(tx, setup.project.id, decide(GOOD_LABEL)))).toEqual({ versions: 3 });
    expect(await db.goldLabel.count({ where: { projectId: setup.project.id } })).toBe(3);
    expect(await db.sampledItem.count({ where: { projectId: setup.project.id, status: "gold" } })).toBe(3);
    const events = await db.reviewEvent.findMany({ where: { projectId: setup.project.id, kind: "gold_decided" } });
    expect(events).toHaveLength(3);
    expect(events.every((e) => e.createdAt.getTime() === at.getTime())).toBe(true);
    // The same decision again: nothing new.
    expect(await db.$transaction((tx) => recordGoldDecisions(tx, setup.project.id, decide(GOOD_LABEL)))).toEqual({ versions: 0 });
    // A changed one supersedes the current version.
    await db.$transaction((tx) => recordGoldDecisions(tx, setup.project.id, decide({ ...GOOD_LABEL, policy: "violation" })));
    const versions = await db.goldLabelVersion.findMany({ where: { projectId: setup.project.id, sampledItemId: setup.items[0].id }, orderBy: { seq: "asc" } });
    expect(versions.map((v) => [v.isCurrent, (v.values as { policy: string }).policy])).toEqual([[false, "compliant"], [true, "violation"]]);
    // Another project's item is refused and nothing is written.
    const other = await makeReviewProject({ reviewers: [[]], items: [{ stratum: "billing" }] });
    await expect(db.$transaction((tx) => recordGoldDecisions(tx, setup.project.id, [{ ...decide(GOOD_LABEL)[0], sampledItemId: other.items[0].id }]))).rejects.toThrow(/not in project/);
    expect(await db.goldLabel.count({ where: { projectId: other.project.id } })).toBe(0);
  });
});
