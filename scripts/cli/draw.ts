// `npm run assay -- draw --project <slug> --week 2026-W47 [--now]`: draws a week's audit sample,
// for cron / Kubernetes CronJob deployments. Without --week it draws the last closed week. --now
// draws the week so far (a partial "draw now"). Drawing a week that already has an audit prints
// the existing audit and exits 0, so a retried job is harmless.
import { assignAuditItems } from "@/lib/server/review/routing";
import { parseArgs } from "node:util";
import { runWithDatabase } from "@/lib/server/cli/run-with-database";
import { drawWeeklySample } from "@/lib/server/audits/draw";
import { findCurrentPlan } from "@/lib/server/audits/plans";
import { defaultPlanSpec } from "@/lib/audits/plan";
import { isoWeekAt, lastClosedWeek } from "@/lib/audits/week";
import { systemActor } from "@/lib/server/auth/actor";

const USAGE = "Usage: npm run assay -- draw --project <slug> [--week 2026-W47] [--now]";

export async function run(args: string[]): Promise<number> {
  let options: { project?: string; week?: string; now?: boolean };
  try {
    options = parseArgs({ args, options: { project: { type: "string" }, week: { type: "string" }, now: { type: "boolean" } }, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  if (!options.project) {
    console.error(`--project is required.\n${USAGE}`);
    return 2;
  }
  const slug = options.project;
  return runWithDatabase(async (database) => {
    const project = await database.prisma.project.findUnique({ where: { slug }, select: { id: true, slug: true, timeZone: true } });
    if (!project) {
      console.error(`No project with the slug "${slug}".`);
      return 1;
    }
    const now = new Date();
    const plan = (await findCurrentPlan(database.prisma, project.id)) ?? defaultPlanSpec();
    const week = options.week ?? (options.now ? isoWeekAt(now, project.timeZone) : lastClosedWeek(now, project.timeZone, plan.graceHours));
    // The CLI acts for the operator who runs it, like the scheduler: no user, no permission check.
    const result = await drawWeeklySample({ projectId: project.id, actor: systemActor("cli-draw"), week, now, onDemand: options.now === true });
    const routing = await assignAuditItems({ projectId: project.id, auditId: result.auditId });
    const audit = await database.prisma.audit.findUniqueOrThrow({ where: { id: result.auditId }, select: { population: true, sampleSize: true, partial: true, seed: true } });
    if (routing.unassignable > 0) console.warn(`${routing.unassignable} item(s) have no qualified reviewer: assign them on the Review page.`);
    console.log(
      `${result.created ? "Drew" : "Already drawn:"} ${project.slug} ${week}: ${audit.sampleSize} of ${audit.population} outputs` +
        `${audit.partial ? " (partial: the week so far)" : ""}, audit ${result.auditId}, seed ${audit.seed}`,
    );
    return 0;
  });
}
