// VACUUM and ANALYZE for the embedded database, which has no autovacuum (lib/instance/
// table-maintenance.ts says which tables are due, by autovacuum's own rules; decision 041). The
// scheduler calls this every tick. On the embedded database each statement waits its turn with the
// reviewers' requests, so a tick does a few tables at most and stops early once it has used a
// quarter of a second; the rest wait for the next tick. A PostgreSQL server runs its own
// autovacuum, and this does nothing there.
import "server-only";
import { tablesDue, type TableActivity } from "@/lib/instance/table-maintenance";
import type { Database } from "./client";

export type MaintenanceDone = { table: string; statement: "VACUUM (ANALYZE)" | "VACUUM" | "ANALYZE"; ms: number };

const TIME_BUDGET_MS = 250;

export async function maintainEmbeddedTables(db: Database, options: { maxTables?: number; now?: () => number } = {}): Promise<MaintenanceDone[]> {
  if (db.kind !== "embedded") return [];
  const now = options.now ?? (() => performance.now());
  const { rows } = await db.query<{ table: string; estimatedRows: number | string; deadRows: number | string; modifiedSinceAnalyze: number | string; insertedSinceVacuum: number | string }>(
    // The three counters straight from their functions: the pg_stat_user_tables view computes some
    // twenty per table, and on PGlite under review load reading it took 31–108 ms of the session.
    `SELECT c.relname AS "table", c.reltuples::float8 AS "estimatedRows", pg_stat_get_dead_tuples(c.oid) AS "deadRows",
            pg_stat_get_mod_since_analyze(c.oid) AS "modifiedSinceAnalyze", pg_stat_get_ins_since_vacuum(c.oid) AS "insertedSinceVacuum"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'm', 'p')`,
  );
  const activity: TableActivity[] = rows.map((r) => ({
    table: r.table,
    estimatedRows: Number(r.estimatedRows),
    deadRows: Number(r.deadRows),
    modifiedSinceAnalyze: Number(r.modifiedSinceAnalyze),
    insertedSinceVacuum: Number(r.insertedSinceVacuum),
  }));
  const done: MaintenanceDone[] = [];
  const started = now();
  for (const due of tablesDue(activity).slice(0, options.maxTables ?? 3)) {
    if (done.length > 0 && now() - started > TIME_BUDGET_MS) break;
    const statement = due.vacuum && due.analyze ? "VACUUM (ANALYZE)" : due.vacuum ? "VACUUM" : "ANALYZE";
    const t0 = now();
    await db.query(`${statement} "${due.table.replace(/"/g, '""')}"`);
    done.push({ table: due.table, statement, ms: Math.round(now() - t0) });
  }
  return done;
}
