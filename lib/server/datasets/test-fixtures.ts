// Test data for datasets, written straight to the tables with fixed ids and timestamps, so that
// the same data can be made on the embedded database and on the server and hash the same.
import crypto from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { ensureCurrentRubric } from "@/lib/server/review/rubrics";
import type { UserActor } from "@/lib/server/auth/actor";

const at = (iso: string) => new Date(iso);

/** A project with an audit of three reviewed outputs: two with consensus gold, one waiting for adjudication. */
export async function makeDatasetProject(options: { fixed?: boolean } = {}) {
  const db = await prisma();
  const tag = options.fixed ? "fixed" : crypto.randomBytes(5).toString("hex");
  const id = (name: string) => `${name}_${tag}`;
  const users = {} as Record<"r1" | "r2" | "lead" | "ml", UserActor>;
  for (const key of ["r1", "r2", "lead", "ml"] as const) {
    const user = await db.user.create({ data: { id: id(key), email: `${key}-${tag}@example.test`, name: `User ${key}` } });
    users[key] = { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: false };
  }
  const project = await db.project.create({
    data: {
      id: id("project"),
      slug: `ds-${tag}`,
      name: "Dataset test project",
      memberships: {
        create: [
          { userId: users.r1.userId, role: "reviewer" },
          { userId: users.r2.userId, role: "reviewer" },
          { userId: users.lead.userId, role: "qa_lead" },
          { userId: users.ml.userId, role: "ml_engineer" },
        ],
      },
    },
  });
  const rubric = await ensureCurrentRubric(db, project.id);
  const plan = await db.auditPlan.create({ data: { id: id("plan"), projectId: project.id, version: 1, method: "fixed", methodParams: { fixedSize: 3 } } });
  const audit = await db.audit.create({
    data: {
      id: id("audit"), projectId: project.id, week: "2026-W47", weekStart: at("2026-11-16T00:00:00Z"), weekEnd: at("2026-11-23T00:00:00Z"), seed: "s", planId: plan.id,
      strata: [], population: 30, sampleSize: 3, dueAt: at("2026-11-28T00:00:00Z"),
    },
  });
  const outputs = [
    {
      key: "a", externalId: "out_0001", taskType: "billing", input: [{ role: "system", content: "You are a support agent." }, { role: "user", content: "How long do refunds take?" }],
      output: "Refunds take 30 days.", context: [{ title: "Policy 4.2", text: "refunds are issued within 5 business days." }], p: 0.4,
    },
    { key: "b", externalId: "out_0002", taskType: "refunds", input: "=Cancel my plan, please", output: { role: "assistant", content: 'Done: your plan is cancelled 🙂\n"Refund" to C:\\card\ttab\u0001' }, context: null, p: 0.25 },
    { key: "c", externalId: "out_0003", taskType: "billing", input: [{ role: "user", content: "Is my card charged twice?" }], output: "Yes, refund requested.", context: null, p: 0.4 },
  ];
  const items: Record<string, string> = {};
  for (const [i, o] of outputs.entries()) {
    const output = await db.loggedOutput.create({
      data: {
        projectId: project.id, externalId: o.externalId, timestamp: at(`2026-11-18T1${i}:00:00Z`), taskType: o.taskType, model: "gpt-4o",
        input: o.input as object, output: o.output as object, context: (o.context ?? undefined) as object | undefined, metadata: { taskType: o.taskType },
      },
    });
    const item = await db.sampledItem.create({
      data: {
        id: id(`item_${o.key}`), projectId: project.id, auditId: audit.id, outputId: output.id, stratum: o.taskType, inclusionProbability: o.p, sampleKey: String(i),
        reviewersWanted: o.key === "c" ? 2 : 1, status: o.key === "c" ? "needs_adjudication" : "gold",
      },
    });
    items[o.key] = item.id;
  }
  const label = async (item: string, reviewer: UserActor, values: object, when: string) => {
    const assignment = await db.assignment.create({ data: { id: id(`as_${item}_${reviewer.userId}`), projectId: project.id, sampledItemId: items[item], reviewerId: reviewer.userId, status: "submitted", submittedAt: at(when) } });
    await db.label.create({ data: { id: id(`lb_${item}_${reviewer.userId}`), projectId: project.id, sampledItemId: items[item], assignmentId: assignment.id, reviewerId: reviewer.userId, rubricId: rubric.id, values, createdAt: at(when) } });
  };
  const aValues = { factuality: "major_error", groundedness: "ungrounded", policy: "compliant", tone: 4, task_outcome: "failure", harm: "none", corrected_output: "Refunds are issued within 5 business days of approval." };
  const bValues = { factuality: "correct", policy: "compliant", tone: 5, task_outcome: "full_success", harm: "none" };
  await label("a", users.r1, aValues, "2026-11-20T09:00:00Z");
  await label("b", users.r2, bValues, "2026-11-20T10:00:00Z");
  await label("c", users.r1, { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none" }, "2026-11-21T09:00:00Z");
  await label("c", users.r2, { factuality: "major_error", policy: "violation", policy_categories: ["contradicts_policy"], tone: 3, task_outcome: "failure", harm: "near_miss", harm_severity: "S3" }, "2026-11-21T10:00:00Z");
  await db.goldLabel.create({ data: { id: id("gold_a"), projectId: project.id, sampledItemId: items.a, rubricId: rubric.id, values: aValues, source: "consensus", createdAt: at("2026-11-20T09:00:01Z") } });
  await db.goldLabel.create({ data: { id: id("gold_b"), projectId: project.id, sampledItemId: items.b, rubricId: rubric.id, values: bValues, source: "consensus", createdAt: at("2026-11-20T10:00:01Z") } });
  return { project, users, audit, items };
}
