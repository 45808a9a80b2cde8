import { prisma } from "@/lib/server/db/client";
import { authorizeProject } from "@/lib/server/auth/authorize";
import type { Actor } from "@/lib/server/auth/actor";

export type OutputSummary = {
  total: number;
  weeks: { weekStart: string; count: number }[];
  taskTypes: { taskType: string; count: number }[];
  latest: string | null;
};

/** Volume of logged outputs per ISO week (UTC) and per task type over the last `weeks` weeks. */
export async function summarizeOutputs(input: { actor: Actor; projectSlug: string; weeks?: number }): Promise<OutputSummary> {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "outputs:read" });
  const db = await prisma();
  const weeks = input.weeks ?? 12;
  const [totals, perWeek, perTask] = await Promise.all([
    db.$queryRaw<{ total: bigint; latest: Date | null }[]>`
      SELECT count(*) AS total, max("timestamp") AS latest FROM "LoggedOutput" WHERE "projectId" = ${project.id}`,
    db.$queryRaw<{ week: Date; count: bigint }[]>`
      SELECT date_trunc('week', "timestamp" AT TIME ZONE 'UTC') AS week, count(*) AS count
      FROM "LoggedOutput" WHERE "projectId" = ${project.id}
      GROUP BY 1 ORDER BY 1 DESC LIMIT ${weeks}`,
    db.$queryRaw<{ taskType: string | null; count: bigint }[]>`
      SELECT "taskType", count(*) AS count FROM "LoggedOutput" WHERE "projectId" = ${project.id}
      GROUP BY 1 ORDER BY 2 DESC`,
  ]);
  return {
    total: Number(totals[0]?.total ?? 0),
    latest: totals[0]?.latest ? new Date(totals[0].latest).toISOString() : null,
    weeks: perWeek.reverse().map((w) => ({ weekStart: new Date(w.week).toISOString().slice(0, 10), count: Number(w.count) })),
    taskTypes: perTask.map((t) => ({ taskType: t.taskType ?? "(none)", count: Number(t.count) })),
  };
}
