// Which tables need VACUUM or ANALYZE, by PostgreSQL's own autovacuum rules. The embedded database
// (PGlite) is PostgreSQL in single-user mode: it keeps the statistics counters but has no
// autovacuum process, so without this its planner never learns how big a table has grown and
// dead rows are never reclaimed. The app runs what autovacuum would have run (decision 041).

export type TableActivity = {
  table: string;
  /** pg_class.reltuples: -1 for a table never vacuumed or analysed. */
  estimatedRows: number;
  deadRows: number;
  modifiedSinceAnalyze: number;
  insertedSinceVacuum: number;
};

export type TableMaintenance = { table: string; vacuum: boolean; analyze: boolean; urgency: number };

// PostgreSQL's defaults (autovacuum_vacuum_threshold, _scale_factor, _insert_threshold,
// _insert_scale_factor, autovacuum_analyze_threshold, _scale_factor).
export const AUTOVACUUM_DEFAULTS = { vacuumBase: 50, vacuumScale: 0.2, insertBase: 1000, insertScale: 0.2, analyzeBase: 50, analyzeScale: 0.1 };

/** The tables due, most overdue first (urgency: how many times over its threshold a table is). */
export function tablesDue(activity: TableActivity[], rules = AUTOVACUUM_DEFAULTS): TableMaintenance[] {
  const due: TableMaintenance[] = [];
  for (const t of activity) {
    const rows = Math.max(t.estimatedRows, 0);
    const vacuumOver = t.deadRows / (rules.vacuumBase + rules.vacuumScale * rows);
    const insertOver = t.insertedSinceVacuum / (rules.insertBase + rules.insertScale * rows);
    // A table never analysed has no statistics at all: any change makes it due.
    const analyzeOver = t.estimatedRows < 0 && t.modifiedSinceAnalyze > 0 ? Infinity : t.modifiedSinceAnalyze / (rules.analyzeBase + rules.analyzeScale * rows);
    const vacuum = vacuumOver > 1 || insertOver > 1;
    const analyze = analyzeOver > 1;
    if (vacuum || analyze) due.push({ table: t.table, vacuum, analyze, urgency: Math.max(vacuumOver, insertOver, analyzeOver) });
  }
  return due.sort((a, b) => b.urgency - a.urgency || a.table.localeCompare(b.table));
}
