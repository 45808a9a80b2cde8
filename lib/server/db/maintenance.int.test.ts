// The embedded database has no autovacuum; the scheduler's maintenance runs what it would have
// (decision 041). On the app's own path (the worker behind node-postgres, as `npm start`).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Database } from "@/lib/server/db/client";
import { maintainEmbeddedTables } from "@/lib/server/db/maintenance";
import { useAppDatabasePath } from "@/tests/app-database";

let database: Database;
let restore: () => Promise<void>;
beforeAll(async () => {
  ({ database, restore } = await useAppDatabasePath());
});
afterAll(async () => restore());

const stats = async (table: string) =>
  (
    await database.query<{ analyzed: boolean; vacuumed: boolean; dead: number | string; rows: number | string }>(
      `SELECT s.last_analyze IS NOT NULL AS analyzed, s.last_vacuum IS NOT NULL AS vacuumed, s.n_dead_tup AS dead, c.reltuples AS rows
         FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid WHERE s.relname = $1`,
      [table],
    )
  ).rows[0];

describe("maintainEmbeddedTables", () => {
  it("vacuums and analyses a table that changed past autovacuum's thresholds on the embedded database, and leaves a server to its autovacuum", async () => {
    // A table of this test's own, so no other test's rows decide what is due.
    const table = `maintenance_probe_${process.pid}`;
    await database.query(`CREATE TABLE "${table}" (id int PRIMARY KEY, v text)`);
    await database.query(`INSERT INTO "${table}" SELECT g, 'x' FROM generate_series(1, 5000) g`);
    await database.query(`ANALYZE "${table}"`);
    await database.query(`UPDATE "${table}" SET v = 'y' WHERE id <= 3000`);
    // PostgreSQL publishes a session's counters at most once a second, when it goes idle.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await database.query("SELECT 1");
    const before = await stats(table);
    if (database.kind === "server") {
      expect(await maintainEmbeddedTables(database)).toEqual([]);
      return;
    }
    expect(before).toMatchObject({ vacuumed: false });
    expect(Number(before.dead)).toBe(3000);
    let done: Awaited<ReturnType<typeof maintainEmbeddedTables>> = [];
    // Other tables of the test database may be due too; each call does the most overdue first.
    for (let i = 0; i < 20 && !done.some((d) => d.table === table); i++) done = await maintainEmbeddedTables(database, { maxTables: 50 });
    expect(done.find((d) => d.table === table)).toMatchObject({ statement: "VACUUM (ANALYZE)" });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    await database.query("SELECT 1");
    const after = await stats(table);
    expect(after).toMatchObject({ vacuumed: true, analyzed: true });
    expect(Number(after.dead)).toBe(0);
    expect(Number(after.rows)).toBe(5000);
    // Nothing left to do for it until it changes again.
    expect((await maintainEmbeddedTables(database, { maxTables: 50 })).map((d) => d.table)).not.toContain(table);
    await database.query(`DROP TABLE "${table}"`);
  });
});
