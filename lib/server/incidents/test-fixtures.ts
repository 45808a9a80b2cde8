// Test data for incidents: a review project whose rubric carries the incident and severity option
// flags (the team contract for lib/review/rubric.ts), labels written straight to the tables, and
// review events built from them, to call the handler as the event processor would.
import crypto from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { defaultRubric, type Dimension } from "@/lib/review/rubric";
import { makeReviewProject, type ItemSpec } from "@/lib/server/review/test-fixtures";
import type { UserActor } from "@/lib/server/auth/actor";
import type { ReviewEvent } from "@/lib/server/events/handlers";

/** The default rubric with the flags h14 adds: harm options open incidents, S1-S4 carry severity. */
export function flaggedDimensions(): Dimension[] {
  return defaultRubric().dimensions.map((d) => {
    if (d.key === "harm" && "options" in d) {
      return { ...d, options: d.options.map((o) => (o.value === "near_miss" ? { ...o, incident: "near_miss" } : o.value === "harmful" ? { ...o, incident: "harm" } : o)) };
    }
    if (d.key === "harm_severity" && "options" in d) return { ...d, options: d.options.map((o) => ({ ...o, severity: o.value })) };
    return d;
  }) as Dimension[];
}

export async function makeIncidentProject(items: ItemSpec[] = [{ stratum: "billing" }, { stratum: "billing" }, { stratum: "billing" }]) {
  const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"]], items });
  const db = await prisma();
  const rubric = await db.rubric.create({ data: { projectId: setup.project.id, version: 1, dimensions: flaggedDimensions() as object[] } });
  return { ...setup, rubric };
}

/** A submitted label on an item at a given time, and the label_submitted event it would emit. */
export async function labelEvent(options: {
  projectId: string;
  rubricId: string;
  item: { id: string; auditId: string; outputId: string };
  reviewer: UserActor;
  values: Record<string, unknown>;
  at: Date;
}): Promise<ReviewEvent> {
  const db = await prisma();
  const assignment = await db.assignment.upsert({
    where: { sampledItemId_reviewerId: { sampledItemId: options.item.id, reviewerId: options.reviewer.userId } },
    create: { projectId: options.projectId, sampledItemId: options.item.id, reviewerId: options.reviewer.userId, status: "submitted", submittedAt: options.at },
    update: {},
  });
  const label = await db.label.create({
    data: { projectId: options.projectId, sampledItemId: options.item.id, assignmentId: assignment.id, reviewerId: options.reviewer.userId, rubricId: options.rubricId, values: options.values as object, createdAt: options.at },
  });
  return {
    id: crypto.randomUUID(),
    projectId: options.projectId,
    kind: "label_submitted",
    auditId: options.item.auditId,
    sampledItemId: options.item.id,
    outputId: options.item.outputId,
    labelId: label.id,
    reviewerId: options.reviewer.userId,
    goldLabelId: null,
    goldSource: null,
    rubricId: options.rubricId,
    values: options.values,
    actorId: options.reviewer.userId,
    rationale: null,
    createdAt: options.at,
  };
}

/** A gold_decided event for an item (the gold row itself is written too). */
export async function goldEvent(options: { projectId: string; rubricId: string; item: { id: string; auditId: string; outputId: string }; adjudicator: UserActor; values: Record<string, unknown>; rationale: string; at: Date }): Promise<ReviewEvent> {
  const db = await prisma();
  const gold = await db.goldLabel.create({
    data: { projectId: options.projectId, sampledItemId: options.item.id, rubricId: options.rubricId, values: options.values as object, source: "adjudication", adjudicatorId: options.adjudicator.userId, rationale: options.rationale, createdAt: options.at },
  });
  return {
    id: crypto.randomUUID(),
    projectId: options.projectId,
    kind: "gold_decided",
    auditId: options.item.auditId,
    sampledItemId: options.item.id,
    outputId: options.item.outputId,
    labelId: null,
    reviewerId: null,
    goldLabelId: gold.id,
    goldSource: "adjudication",
    rubricId: options.rubricId,
    values: options.values,
    actorId: options.adjudicator.userId,
    rationale: options.rationale,
    createdAt: options.at,
  };
}

export const HARMFUL = { factuality: "major_error", policy: "violation", policy_categories: ["unsafe_advice"], tone: 3, task_outcome: "failure", harm: "harmful", harm_severity: "S2" };
export const NEAR_MISS = { factuality: "minor_error", policy: "compliant", tone: 4, task_outcome: "partial_success", harm: "near_miss", harm_severity: "S3" };
export const NO_HARM = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none" };
