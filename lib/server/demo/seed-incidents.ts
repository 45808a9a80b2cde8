// Demo incidents: the demo labels and gold decisions go through the incident handler (as the
// review event point delivers them), a few incidents over the earlier demo weeks are recorded by
// hand (lib/demo/incidents.ts plans them from outputs with planted defects), and the month before
// last is signed off, so every incident screen shows something true.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { generateDemoOutputs } from "@/lib/demo/outputs";
import { planDemoIncidents, type DemoIncidentCandidate } from "@/lib/demo/incidents";
import { WEEK_MS } from "@/lib/demo/dates";
import { DEMO_PROJECT } from "@/lib/demo/users";
import { parseRubricSpec } from "@/lib/review/rubric";
import { monthKeyAt, monthRange, shiftMonth } from "@/lib/incidents/monthly";
import type { UserActor } from "@/lib/server/auth/actor";
import { incidentReviewEventHandler } from "@/lib/server/incidents/review-event-handler";
import { changeIncidentStatus, commentOnIncident, createIncident, updateIncident } from "@/lib/server/incidents/incidents";
import { signOffMonth } from "@/lib/server/incidents/monthly-review";

export type DemoIncidentReport = { fromReview: number; byHand: number; signedOff: string | null };

async function demoActor(email: string): Promise<UserActor> {
  const db = await prisma();
  const user = await db.user.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, isInstanceAdmin: true } });
  return { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: user.isInstanceAdmin };
}

/** Replays the project's labels and gold decisions through the handler, oldest first. */
async function incidentsFromReviews(projectId: string): Promise<void> {
  const db = await prisma();
  const rubrics = new Map((await db.rubric.findMany({ where: { projectId }, select: { id: true, dimensions: true, guidelines: true } })).map((r) => [r.id, parseRubricSpec({ dimensions: r.dimensions, guidelines: r.guidelines }).dimensions]));
  const labels = await db.label.findMany({ where: { projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, reviewerId: true, rubricId: true, values: true, createdAt: true, sampledItem: { select: { id: true, auditId: true, outputId: true } } } });
  const golds = await db.goldLabel.findMany({ where: { projectId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, rubricId: true, values: true, source: true, adjudicatorId: true, rationale: true, createdAt: true, sampledItem: { select: { id: true, auditId: true, outputId: true } } } });
  const base = (item: { id: string; auditId: string; outputId: string }) => ({ projectId, auditId: item.auditId, sampledItemId: item.id, outputId: item.outputId });
  for (const l of labels) {
    await incidentReviewEventHandler.handle(
      { id: `demo-label-${l.id}`, kind: "label_submitted", ...base(l.sampledItem), labelId: l.id, reviewerId: l.reviewerId, goldLabelId: null, goldSource: null, rubricId: l.rubricId, values: l.values as Record<string, unknown>, actorId: l.reviewerId, rationale: null, createdAt: l.createdAt },
      { dimensions: rubrics.get(l.rubricId) ?? [] },
    );
  }
  for (const g of golds) {
    await incidentReviewEventHandler.handle(
      { id: `demo-gold-${g.id}`, kind: "gold_decided", ...base(g.sampledItem), labelId: null, reviewerId: null, goldLabelId: g.id, goldSource: g.source === "adjudication" ? "adjudication" : "consensus", rubricId: g.rubricId, values: g.values as Record<string, unknown>, actorId: g.adjudicatorId, rationale: g.rationale, createdAt: g.createdAt },
      { dimensions: rubrics.get(g.rubricId) ?? [] },
    );
  }
}

export async function seedDemoIncidents(options: { endWeekStart: Date; perWeek?: number; weeks?: number; now?: Date }): Promise<DemoIncidentReport> {
  const db = await prisma();
  const now = options.now ?? new Date();
  const project = await db.project.findUniqueOrThrow({ where: { slug: DEMO_PROJECT.slug }, select: { id: true, slug: true, timeZone: true } });
  await incidentsFromReviews(project.id);
  const fromReview = await db.incident.count({ where: { projectId: project.id, source: "review" } });

  const weeks = options.weeks ?? 8;
  // The weeks before the reviewed (last) one.
  const weekStarts = Array.from({ length: weeks - 1 }, (_, k) => new Date(options.endWeekStart.getTime() - (weeks - 1 - k) * WEEK_MS));
  const candidates: DemoIncidentCandidate[] = [];
  for (const { record, plantedDefect, defectNote } of generateDemoOutputs({ endWeekStart: options.endWeekStart, perWeek: options.perWeek, weeks })) {
    if (plantedDefect === "unsafe_advice" || plantedDefect === "policy_violation") {
      candidates.push({ externalId: record.id, timestamp: new Date(record.timestamp), taskType: record.metadata.taskType, defect: plantedDefect, note: defectNote });
    }
  }
  const plans = planDemoIncidents({ candidates, weekStarts, now });
  const qa = await demoActor("qa@demo.assay");
  const slug = project.slug;
  for (const plan of plans) {
    const { id } = await createIncident({
      actor: qa,
      projectSlug: slug,
      fields: { title: plan.title, description: plan.description, kind: plan.kind, severity: plan.severity, category: plan.category, detectedAt: plan.detectedAt, reportedVia: plan.reportedVia, outputIds: [plan.externalId], ownerId: null },
      now: plan.detectedAt,
    });
    for (const step of plan.steps) {
      if (step.kind === "triage") {
        await updateIncident({ actor: qa, projectSlug: slug, incidentId: id, fields: { ownerId: qa.userId }, comment: "Taking this one.", now: step.at });
        await changeIncidentStatus({ actor: qa, projectSlug: slug, incidentId: id, change: { to: "triaged" }, now: step.at });
      } else if (step.kind === "comment") {
        await commentOnIncident({ actor: qa, projectSlug: slug, incidentId: id, comment: step.text, now: step.at });
      } else if (step.kind === "mitigate") {
        await changeIncidentStatus({ actor: qa, projectSlug: slug, incidentId: id, change: { to: "mitigated" }, now: step.at });
      } else {
        await changeIncidentStatus({ actor: qa, projectSlug: slug, incidentId: id, change: { to: "closed", rootCause: step.rootCause, resolution: step.resolution }, now: step.at });
      }
    }
  }

  // The month before last, if the demo reaches into it, is reviewed and signed off; last month
  // is left for the QA lead to sign.
  const month = shiftMonth(monthKeyAt(now, project.timeZone), -2);
  const firstDemoDay = weekStarts[0] ?? options.endWeekStart;
  let signedOff: string | null = null;
  if (monthRange(month, project.timeZone).end > firstDemoDay) {
    await signOffMonth({
      actor: qa,
      projectSlug: slug,
      month,
      signOff: {
        notes: "Reviewed with support and the ML team. Unsafe medical advice is the largest group; most came from the new model version.",
        actionItems: ["Pin the model version for medical questions until the regression set passes", "Add the refund policy page to the retrieval index", "Review guardrail logs weekly instead of monthly"],
      },
      now,
    });
    signedOff = month;
  }
  return { fromReview, byHand: plans.length, signedOff };
}
