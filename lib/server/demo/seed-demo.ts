// Writes the demo "support assistant" project (lib/demo generates it) into the database.
import "server-only";
import { getDatabase, type Database } from "@/lib/server/db/client";
import { hashPassword } from "@/lib/server/auth/passwords";
import { insertLoggedOutputs, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { DEMO_PROJECT, DEMO_USERS } from "@/lib/demo/users";
import { generateDemoOutputs } from "@/lib/demo/outputs";
import { isoWeekStart } from "@/lib/demo/dates";
import { seedDemoReviews, type DemoReviewReport } from "./seed-review-demo";
import { seedDemoPlan } from "./seed-demo-plan";
import { seedDemoCheckSettings, seedPopulationDemo } from "./seed-population";
import { seedDemoReviewFlags } from "./seed-review-flags";
import { seedDemoIncidents, type DemoIncidentReport } from "./seed-incidents";
import { seedDemoDatasets } from "./seed-datasets";
import { seedDemoAnalysisSettings } from "./seed-analysis";
import { seedDemoScorecardHistory, type DemoScorecardHistoryReport } from "./seed-scorecard-history";

export type DemoSeedReport = { seeded: boolean; outputs: number; users: number; reviews?: DemoReviewReport; history?: DemoScorecardHistoryReport; incidents?: DemoIncidentReport };

const BATCH = 1000;

/** Seeds the demo project unless it exists. `now` fixes which 8 weeks are generated (the last 8 full weeks before now). */
export async function seedDemoProject(options: { now?: Date; perWeek?: number; weeks?: number; onProgress?: (done: number) => void } = {}): Promise<DemoSeedReport> {
  const database = await getDatabase();
  const db = database.prisma;
  if (await db.project.findUnique({ where: { slug: DEMO_PROJECT.slug } })) return { seeded: false, outputs: 0, users: 0 };

  const users = [];
  for (const demoUser of DEMO_USERS) {
    const user = await db.user.upsert({
      where: { email: demoUser.email },
      update: {},
      create: {
        email: demoUser.email,
        name: demoUser.name,
        passwordHash: await hashPassword(demoUser.password),
        isInstanceAdmin: demoUser.isInstanceAdmin ?? false,
      },
    });
    users.push({ user, demoUser });
  }
  const project = await db.project.create({
    data: {
      slug: DEMO_PROJECT.slug,
      name: DEMO_PROJECT.name,
      description: DEMO_PROJECT.description,
      timeZone: DEMO_PROJECT.timeZone,
      memberships: { create: users.map(({ user, demoUser }) => ({ userId: user.id, role: demoUser.role, expertise: demoUser.expertise ?? [] })) },
    },
  });

  await seedDemoCheckSettings(database, project.id);
  const now = options.now ?? new Date();
  // The last complete week ends before the current one, so "this week" stays open for new logs.
  const lastFullWeek = new Date(isoWeekStart(now).getTime() - 7 * 24 * 3600 * 1000);
  let outputs = 0;
  let batch: LoggedOutputRow[] = [];
  for (const { record } of generateDemoOutputs({ endWeekStart: lastFullWeek, perWeek: options.perWeek, weeks: options.weeks })) {
    batch.push({
      externalId: record.id,
      timestamp: new Date(record.timestamp),
      taskType: record.metadata.taskType,
      model: record.metadata.model,
      input: record.input,
      output: record.output,
      context: record.context ?? null,
      metadata: record.metadata,
      signals: record.signals ?? null,
      redactions: 0,
    });
    if (batch.length === BATCH) {
      outputs += await flush(database, project.id, batch, options.onProgress, outputs);
      batch = [];
    }
  }
  if (batch.length) outputs += await flush(database, project.id, batch, options.onProgress, outputs);
  await seedDemoAnalysisSettings(project.id);
  await seedDemoPlan({ projectId: project.id, createdById: users.find(({ demoUser }) => demoUser.role === "qa_lead")?.user.id ?? null });
  outputs += await seedPopulationDemo(database, project.id, { endWeekStart: lastFullWeek, weeks: options.weeks, perWeek: options.perWeek });
  // The weeks before the last drawn, with gold, closed, and the scorecard read by the QA lead as
  // each closed: its trends, and the alert the regression of the last closed week raised.
  const history = await seedDemoScorecardHistory({ endWeekStart: lastFullWeek, perWeek: options.perWeek, weeks: options.weeks });
  // The last full week drawn, routed and partly reviewed, so the review screens have content.
  const reviews = await seedDemoReviews({ endWeekStart: lastFullWeek, perWeek: options.perWeek, weeks: options.weeks, now });
  await seedDemoReviewFlags();
  const incidents = await seedDemoIncidents({ endWeekStart: lastFullWeek, perWeek: options.perWeek, weeks: options.weeks, now });
  await seedDemoDatasets();
  return { seeded: true, outputs, users: users.length, reviews, history, incidents };
}

async function flush(database: Database, projectId: string, rows: LoggedOutputRow[], onProgress: ((n: number) => void) | undefined, before: number) {
  const inserted = (await insertLoggedOutputs(database, projectId, rows)).size;
  onProgress?.(before + inserted);
  return inserted;
}
