// `npm run assay -- draw --project <slug> --week 2026-W47 [--now]`: draws a week's audit sample,
// for cron / Kubernetes CronJob deployments. Without --week it draws the last closed week. --now
// draws the week so far (a partial "draw now"). Drawing a week that already has an audit prints
// the existing audit and exits 0, so a retried job is harmless.
import { parseArgs } from "node:util";
import { runWithDatabase } from "@/lib/server/cli/run-with-database";
import { drawWeekForOperator } from "@/lib/server/cli/draw-week";

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
  return runWithDatabase(async () => {
    const draw = await drawWeekForOperator({ projectSlug: slug, week: options.week, partial: options.now === true, now: new Date() });
    if (draw.unassignable > 0) console.warn(`${draw.unassignable} item(s) have no qualified reviewer: assign them on the Review page.`);
    console.log(
      `${draw.created ? "Drew" : "Already drawn:"} ${draw.projectSlug} ${draw.week}: ${draw.sampleSize} of ${draw.population} outputs` +
        `${draw.partial ? " (partial: the week so far)" : ""}, audit ${draw.auditId}, seed ${draw.seed}`,
    );
    return 0;
  });
}
