// Test data for the review module: a project with reviewers of given expertise and an open audit
// of sampled items, written straight to the tables so review tests do not depend on the draw.
import crypto from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { makeProject, makeUser } from "@/tests/fixtures";
import type { UserActor } from "@/lib/server/auth/actor";

export type ItemSpec = { stratum: string; reviewersWanted?: number; withContext?: boolean };

export async function makeReviewProject(options: { reviewers: string[][]; items: ItemSpec[]; blindReview?: boolean; planStrata?: unknown[] }) {
  const base = await makeProject();
  const db = await prisma();
  if (options.blindReview === false) await db.project.update({ where: { id: base.project.id }, data: { blindReview: false } });
  const reviewers: UserActor[] = [];
  for (const expertise of options.reviewers) {
    const user = await makeUser();
    await db.membership.create({ data: { projectId: base.project.id, userId: user.userId, role: "reviewer", expertise } });
    reviewers.push(user);
  }
  const audit = await makeAudit(base.project.id, options.items, options.planStrata ?? []);
  return { ...base, reviewers, ...audit };
}

export async function makeAudit(projectId: string, items: ItemSpec[], planStrata: unknown[] = [], week = `2026-W${String(10 + Math.floor(Math.random() * 40)).padStart(2, "0")}-${crypto.randomBytes(3).toString("hex")}`) {
  const db = await prisma();
  const latest = await db.auditPlan.findFirst({ where: { projectId }, orderBy: { version: "desc" }, select: { version: true } });
  const plan = await db.auditPlan.create({
    data: { projectId, version: (latest?.version ?? 0) + 1, method: "fixed", methodParams: { fixedSize: items.length }, strata: planStrata as object[] },
  });
  const weekStart = new Date(Date.UTC(2026, 0, 5));
  const audit = await db.audit.create({
    data: {
      projectId,
      week,
      weekStart,
      weekEnd: new Date(weekStart.getTime() + 7 * 86_400_000),
      seed: "test",
      planId: plan.id,
      strata: [],
      population: items.length,
      sampleSize: items.length,
      dueAt: new Date(weekStart.getTime() + 12 * 86_400_000),
    },
  });
  const sampledItems = [];
  for (const [i, spec] of items.entries()) {
    const output = await db.loggedOutput.create({
      data: {
        projectId,
        externalId: `out-${crypto.randomBytes(6).toString("hex")}`,
        timestamp: new Date(weekStart.getTime() + i * 60_000),
        taskType: spec.stratum,
        input: [{ role: "user", content: `Question ${i}` }],
        output: `Answer ${i} <script>alert(1)</script>`,
        context: spec.withContext ? [{ title: "KB", text: "Source text" }] : undefined,
        metadata: { taskType: spec.stratum },
      },
    });
    sampledItems.push(
      await db.sampledItem.create({
        data: {
          projectId,
          auditId: audit.id,
          outputId: output.id,
          stratum: spec.stratum,
          inclusionProbability: 0.1,
          sampleKey: String(1000 + i),
          reviewersWanted: spec.reviewersWanted ?? 1,
        },
      }),
    );
  }
  return { audit, items: sampledItems };
}

/** A complete, valid label under the default rubric. */
export const GOOD_LABEL = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none" } as const;
