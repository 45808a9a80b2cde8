import { describe, expect, it } from "vitest";
import { buildDatasetRow, itemAgreement, normalizeContext, normalizeInput, normalizeOutput, pseudonymousReviewerId, type SourceItem } from "./row";
import { TEST_DEFINITION } from "./test-rows";
import type { DatasetDefinition } from "./types";

const dimensions = [
  { key: "factuality", kind: "ordinal", options: [{ value: "correct" }, { value: "major_error", failure: true }] },
  { key: "tone", kind: "scale", failureBelow: 3 },
  { key: "corrected_output", kind: "text" },
];

function item(overrides: Partial<SourceItem> = {}): SourceItem {
  return {
    externalId: "out_0001",
    timestamp: new Date("2026-11-20T10:00:00Z"),
    auditWeek: "2026-W47",
    stratum: "billing",
    taskType: "billing",
    model: "gpt-4o",
    inclusionProbability: 0.4,
    input: [{ role: "system", content: "You are a support agent." }, { role: "user", content: [{ type: "text", text: "How long do refunds take?" }] }],
    output: { role: "assistant", content: "Refunds take 30 days." },
    context: [{ title: "Policy 4.2", text: "refunds are issued within 5 business days." }],
    labels: [
      { reviewerId: "u1", reviewerName: "Ana", values: { factuality: "major_error", tone: 4 }, submittedAt: new Date("2026-11-21T09:00:00Z"), rubricVersion: 3 },
      { reviewerId: "u2", reviewerName: "Bo", values: { factuality: "correct", tone: 4 }, submittedAt: new Date("2026-11-21T10:00:00Z"), rubricVersion: 3 },
    ],
    gold: { values: { factuality: "major_error", tone: 4, corrected_output: "Refunds are issued within 5 business days." }, source: "adjudication", adjudicatorId: "lead", adjudicatorName: "Lee", decidedAt: new Date("2026-11-24T09:00:00Z"), rubricVersion: 3 },
    ...overrides,
  };
}
const build = (source: SourceItem, definition: Partial<DatasetDefinition> = {}) => buildDatasetRow(source, { definition: { ...TEST_DEFINITION, ...definition }, dimensions, pseudonymSalt: "ds1" });

describe("dataset rows", () => {
  it("carries the full provenance, normalised", () => {
    const row = build(item())!;
    expect(row).toMatchObject({
      output_id: "out_0001",
      timestamp: "2026-11-20T10:00:00.000Z",
      stratum: "billing",
      weight: 2.5,
      input_format: "chat",
      input: [{ role: "system", content: "You are a support agent." }, { role: "user", content: "How long do refunds take?" }],
      output: "Refunds take 30 days.",
      context: ["Policy 4.2: refunds are issued within 5 business days."],
      gold: { factuality: "major_error", tone: 4, corrected_output: "Refunds are issued within 5 business days." },
      expected: "Refunds are issued within 5 business days.",
      gold_source: "adjudication",
      gold_decided_by: [pseudonymousReviewerId("ds1", "lead")],
      failing_dimensions: ["factuality"],
      agreement: 0.5,
      rubric_version: 3,
    });
    expect(row.labels.map((l) => l.reviewer)).toEqual([pseudonymousReviewerId("ds1", "u1"), pseudonymousReviewerId("ds1", "u2")]);
    expect(JSON.stringify(row)).not.toContain("Ana");
    expect(build(item(), { reviewerIdentity: "names" })!.gold_decided_by).toEqual(["Lee"]);
  });

  it("gives pseudonyms that are stable within a dataset and differ across datasets", () => {
    expect(pseudonymousReviewerId("ds1", "u1")).toBe(pseudonymousReviewerId("ds1", "u1"));
    expect(pseudonymousReviewerId("ds1", "u1")).not.toBe(pseudonymousReviewerId("ds2", "u1"));
  });

  it("normalises plain-text input to one user message, and other shapes without losing them", () => {
    expect(normalizeInput("Hi")).toEqual({ format: "text", messages: [{ role: "user", content: "Hi" }] });
    expect(normalizeOutput("plain")).toBe("plain");
    expect(normalizeOutput({ role: "assistant", content: { x: 1 } })).toBe('{"x":1}');
    expect(normalizeContext(null)).toEqual([]);
    expect(normalizeContext([{ text: "t" }, "s"])).toEqual(["t", "s"]);
  });

  it("selects items as the definition says", () => {
    const consensus = item({ gold: { ...item().gold!, source: "consensus", adjudicatorId: null } });
    expect(build(item(), { items: "consensus" })).toBeNull();
    expect(build(consensus, { items: "consensus" })!.gold_decided_by).toHaveLength(2);
    expect(build(consensus, { items: "adjudicated" })).toBeNull();
    expect(build(item({ gold: null }), { items: "gold" })).toBeNull();
    expect(build(item({ gold: null }), { items: "all_labels" })).toMatchObject({ gold: null, gold_source: null, expected: null });
    expect(build(item({ gold: null, labels: [] }), { items: "all_labels" })).toBeNull();
    expect(build(item(), { strata: ["refunds"] })).toBeNull();
    expect(build(item(), { filters: { onlyFailures: false, taskTypes: ["refunds"] } })).toBeNull();
    expect(build(item(), { minAgreement: 0.6 })).toBeNull();
    expect(build(item(), { minAgreement: 0.5 })).not.toBeNull();
  });

  it("keeps only failures when asked, by the rubric's flags", () => {
    const fine = item({ gold: { ...item().gold!, values: { factuality: "correct", tone: 4 } } });
    expect(build(fine, { filters: { onlyFailures: true, taskTypes: [] } })).toBeNull();
    const rude = item({ gold: { ...item().gold!, values: { factuality: "correct", tone: 2 } } });
    expect(build(rude, { filters: { onlyFailures: true, taskTypes: [] } })!.failing_dimensions).toEqual(["tone"]);
  });

  it("restricts gold and labels to the chosen dimensions (missing ones are null)", () => {
    const row = build(item(), { dimensions: ["tone", "factuality"] })!;
    expect(row.gold).toEqual({ factuality: "major_error", tone: 4 });
    expect(build(item({ gold: { ...item().gold!, values: { factuality: "correct" } } }), { dimensions: ["tone"] })!.gold).toEqual({ tone: null });
  });

  it("measures agreement as the share of agreeing label pairs", () => {
    const labels = [{ values: { a: "x", b: ["p", "q"] } }, { values: { a: "x", b: ["q", "p"] } }, { values: { a: "y", b: ["p", "q"] } }];
    // a: 1 of 3 pairs agree; b (order ignored): 3 of 3.
    expect(itemAgreement(labels, [{ key: "a", kind: "categorical" }, { key: "b", kind: "multiselect" }])).toBe(0.6667);
    expect(itemAgreement([labels[0]], [{ key: "a", kind: "categorical" }])).toBeNull();
  });
});
