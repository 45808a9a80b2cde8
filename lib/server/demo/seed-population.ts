// Writes the population-check demo (lib/demo/population.ts) into the demo project: the check
// definitions first (so every demo output is checked at insert, like real ingest), then the
// invoice-extraction and agent outputs and the agent's tool calls.
import "server-only";
import type { Database } from "@/lib/server/db/client";
import { insertLoggedOutputs, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { insertToolCalls } from "@/lib/server/outputs/tool-calls";
import { DEMO_CHECK_SETTINGS, generatePopulationDemo } from "@/lib/demo/population";
import { compileChecks } from "@/lib/outputs/checks";

/** Saves the demo's check definitions as version 1 (nothing to backfill: no outputs yet). */
export async function seedDemoCheckSettings(database: Database, projectId: string): Promise<void> {
  const compiled = compileChecks(DEMO_CHECK_SETTINGS);
  if (!compiled.ok) throw new Error(`demo check settings do not compile: ${JSON.stringify(compiled.errors)}`);
  await database.query(
    `INSERT INTO "OutputCheckSettings" ("projectId", "version", "settings", "backfillDoneAt", "updatedAt") VALUES ($1, 1, $2::jsonb, now(), now())`,
    [projectId, JSON.stringify(compiled.checks.settings)],
  );
}

/** The extraction and agent outputs and tool calls; returns the number of outputs written. */
export async function seedPopulationDemo(database: Database, projectId: string, options: { endWeekStart: Date; weeks?: number; perWeek?: number }): Promise<number> {
  const demo = generatePopulationDemo(options);
  let written = 0;
  for (let i = 0; i < demo.outputs.length; i += 1000) {
    const rows: LoggedOutputRow[] = demo.outputs.slice(i, i + 1000).map((record) => ({
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
    }));
    written += (await insertLoggedOutputs(database, projectId, rows)).size;
  }
  for (let i = 0; i < demo.toolCalls.length; i += 2000) await insertToolCalls(database, projectId, demo.toolCalls.slice(i, i + 2000));
  return written;
}
