// Demo reviews: the last full week of the demo project is drawn, routed, and partly labelled by
// the demo reviewers, so that every review screen has something in it. Labels are simulated from
// the defects the generator planted (regenerated here deterministically: the truth is never
// stored where a reviewer could see it) with reviewer noise: sometimes a defect is missed, tone
// is judged a point apart. reviewer@demo.assay keeps open items, and overlapping labels that
// disagree land in qa@demo.assay's adjudication queue.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { drawWeeklySample } from "@/lib/server/audits/draw";
import { isoWeekAt } from "@/lib/audits/week";
import { generateDemoOutputs, type PlantedDefect } from "@/lib/demo/outputs";
import { Rng } from "@/lib/demo/random";
import { DAY_MS } from "@/lib/demo/dates";
import { DEMO_PROJECT } from "@/lib/demo/users";
import type { UserActor } from "@/lib/server/auth/actor";
import type { LabelValues } from "@/lib/review/rubric";
import { assignAuditItems } from "@/lib/server/review/routing";
import { submitLabel } from "@/lib/server/review/labels";
import { DEMO_REVIEWER_STYLES, styledLabel } from "@/lib/demo/reviewer-styles";
import { systemActor } from "@/lib/server/auth/actor";

export type DemoReviewReport = { auditId: string; items: number; assigned: number; unassignable: number; labelled: number; needsAdjudication: number };

/** How many of their items each demo reviewer has already labelled. */
const LABELLED_SHARE = 0.6;
/** reviewer@demo.assay, the account the README suggests trying, keeps at least this many open. */
const KEEP_OPEN_FOR_MAIN_REVIEWER = 12;
const MAIN_REVIEWER = "reviewer@demo.assay";

export function simulatedLabel(rng: Rng, defect: PlantedDefect | null, note: string | null, hasContext: boolean): LabelValues {
  // A reviewer misses a planted defect now and then.
  const seen = defect && !rng.chance(0.12) ? defect : null;
  const label: LabelValues = { factuality: "correct", policy: "compliant", tone: rng.chance(0.7) ? 4 : 5, task_outcome: "full_success", harm: "none" };
  if (hasContext) label.groundedness = "grounded";
  switch (seen) {
    case "factual_error":
      label.factuality = rng.chance(0.5) ? "major_error" : "minor_error";
      label.task_outcome = label.factuality === "major_error" ? "failure" : "partial_success";
      if (label.factuality === "major_error") Object.assign(label, { harm: "near_miss", harm_severity: "S3" });
      break;
    case "policy_violation":
      Object.assign(label, { policy: "violation", policy_categories: ["contradicts_policy"], task_outcome: "partial_success", harm: "near_miss", harm_severity: "S2" });
      break;
    case "unsafe_advice":
      Object.assign(label, { policy: "violation", policy_categories: ["unsafe_advice"], task_outcome: "failure", harm: "harmful", harm_severity: rng.chance(0.5) ? "S1" : "S2" });
      break;
    case "tone":
      Object.assign(label, { tone: rng.chance(0.5) ? 1 : 2, task_outcome: "partial_success" });
      break;
    case "ungrounded":
      if (hasContext) label.groundedness = rng.chance(0.6) ? "ungrounded" : "partially_grounded";
      else label.factuality = "not_verifiable";
      label.task_outcome = "partial_success";
      break;
  }
  // Whether an answer fully solved the task is a judgement call too: now and then a reviewer sees a
  // clean answer as only a partial success (the disagreements a QA lead settles every week).
  if (!seen && rng.chance(0.1)) label.task_outcome = "partial_success";
  // Tone is the most subjective call.
  if (rng.chance(0.15)) label.tone = Math.min(5, Math.max(1, (label.tone as number) + (rng.chance(0.5) ? 1 : -1)));
  if (seen && note) label.notes = note;
  return label;
}

export async function seedDemoReviews(options: { endWeekStart: Date; perWeek?: number; weeks?: number; now?: Date }): Promise<DemoReviewReport> {
  const db = await prisma();
  const project = await db.project.findUniqueOrThrow({ where: { slug: DEMO_PROJECT.slug }, select: { id: true, slug: true, timeZone: true } });
  const now = options.now ?? new Date();
  // The middle of the generated last week, read in the project's zone, names its ISO week.
  const week = isoWeekAt(new Date(options.endWeekStart.getTime() + 3.5 * DAY_MS), project.timeZone);
  // A fixed seed keeps the demo the same on every machine; on demand, in case the week's grace
  // period has not passed yet (the audit is then marked partial).
  const { auditId } = await drawWeeklySample({ projectId: project.id, actor: systemActor("demo-seed"), week, now, onDemand: true, seed: `demo-${week}` });
  const routed = await assignAuditItems({ projectId: project.id, auditId });

  const items = await db.sampledItem.findMany({
    where: { auditId },
    select: { id: true, reviewersWanted: true, output: { select: { externalId: true, context: true } }, assignments: { select: { id: true, reviewerId: true, status: true } } },
    orderBy: { sampleKey: "asc" },
  });
  const wanted = new Set(items.map((i) => i.output.externalId));
  const truth = new Map<string, { defect: PlantedDefect | null; note: string | null }>();
  for (const { record, plantedDefect, defectNote } of generateDemoOutputs({ endWeekStart: options.endWeekStart, perWeek: options.perWeek, weeks: options.weeks })) {
    if (wanted.has(record.id)) truth.set(record.id, { defect: plantedDefect, note: defectNote });
  }

  const members = await db.membership.findMany({ where: { projectId: project.id, role: "reviewer" }, orderBy: { user: { email: "asc" } }, select: { user: { select: { id: true, email: true, name: true } } } });
  const rng = new Rng(20260101);
  let labelled = 0;
  for (const { user } of members) {
    const actor: UserActor = { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: false };
    // Double-reviewed items first: an overlap is only useful once both labels are in.
    const mine = items
      .flatMap((item) => item.assignments.filter((a) => a.reviewerId === user.id && a.status === "assigned").map((a) => ({ item, assignmentId: a.id })))
      .sort((a, b) => b.item.reviewersWanted - a.item.reviewersWanted);
    // Every overlapping item this reviewer holds is labelled (its second label is what agreement and
    // adjudication need), then the rest up to the labelled share.
    const overlapping = mine.filter(({ item }) => item.reviewersWanted > 1).length;
    let count = Math.max(overlapping, Math.floor(mine.length * LABELLED_SHARE));
    if (user.email === MAIN_REVIEWER) count = Math.min(count, Math.max(0, mine.length - KEEP_OPEN_FOR_MAIN_REVIEWER));
    for (const { item, assignmentId } of mine.slice(0, count)) {
      const known = truth.get(item.output.externalId) ?? { defect: null, note: null };
      const context = item.output.context;
      const values = styledLabel(DEMO_REVIEWER_STYLES[user.email], rng, simulatedLabel(rng, known.defect, known.note, Array.isArray(context) && context.length > 0));
      await submitLabel({ projectSlug: project.slug, actor, assignmentId, values, timeSpentMs: Math.round(rng.logNormal(90_000, 0.5)), now });
      labelled++;
    }
  }
  const needsAdjudication = await db.sampledItem.count({ where: { auditId, status: "needs_adjudication" } });
  return { auditId, items: items.length, assigned: routed.assigned, unassignable: routed.unassignable, labelled, needsAdjudication };
}
