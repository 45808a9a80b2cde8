import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { applyPendingMigrations } from "./schema-engine";
import { preparedStatement } from "./prepared";

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-worker-test-"));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("the embedded database on its worker thread", () => {
  it("migrates, commits, rolls back, and keeps its data across a close and reopen", async () => {
    const db = await openDatabase({ kind: "embedded", dataDir });
    try {
      await applyPendingMigrations(db.adapterFactory);
      await db.prisma.project.create({ data: { slug: "kept", name: "Kept" } });
      await db.prisma.$transaction(async (tx) => {
        await tx.project.create({ data: { slug: "also-kept", name: "Also kept" } });
      });
      await expect(
        db.prisma.$transaction(async (tx) => {
          await tx.project.create({ data: { slug: "rolled-back", name: "Rolled back" } });
          throw new Error("abort");
        }),
      ).rejects.toThrow("abort");
    } finally {
      await db.close();
    }
    const reopened = await openDatabase({ kind: "embedded", dataDir });
    try {
      const slugs = (await reopened.prisma.project.findMany({ select: { slug: true }, orderBy: { slug: "asc" } })).map((p) => p.slug);
      expect(slugs).toEqual(["also-kept", "kept"]);
      // The data lives in the folder, under pglite/.
      expect(fs.readdirSync(dataDir)).toContain("pglite");
    } finally {
      await reopened.close();
    }
  });

  it("does not block the app's event loop while a statement runs", async () => {
    const db = await openDatabase({ kind: "embedded", dataDir });
    try {
      // A timer due in 20 ms fires on time while the database computes for much longer.
      const started = performance.now();
      const query = db.query<{ n: number }>("SELECT count(*)::int AS n FROM generate_series(1, 4000000)");
      const timerFiredAfter = await new Promise<number>((resolve) => setTimeout(() => resolve(performance.now() - started), 20));
      const { rows } = await query;
      const queryMs = performance.now() - started;
      expect(rows[0].n).toBe(4_000_000);
      expect(queryMs).toBeGreaterThan(150);
      expect(timerFiredAfter).toBeLessThan(queryMs / 2);
    } finally {
      await db.close();
    }
  });

  it("sends a registered statement as a prepared statement, once per connection", async () => {
    const db = await openDatabase({ kind: "embedded", dataDir });
    try {
      const sql = preparedStatement("assay_test_project_by_slug", `SELECT slug FROM "Project" WHERE slug = $1`);
      for (const slug of ["kept", "also-kept", "kept"]) {
        const rows = await db.prisma.$queryRawUnsafe<{ slug: string }[]>(sql, slug);
        expect(rows).toEqual([{ slug }]);
      }
      // Database.query (node-postgres without Prisma) prepares registered texts too.
      const direct = preparedStatement("assay_test_project_by_name", `SELECT slug FROM "Project" WHERE name = $1`);
      for (let i = 0; i < 2; i++) expect((await db.query<{ slug: string }>(direct, ["Kept"])).rows).toEqual([{ slug: "kept" }]);
      // An unregistered text stays unnamed, through either path.
      await db.prisma.$queryRawUnsafe(`SELECT slug FROM "Project" WHERE name = $1 AND true`, "Kept");
      await db.query(`SELECT slug FROM "Project" WHERE name = $1 AND 1 = 1`, ["Kept"]);
      const { rows } = await db.query<{ name: string }>("SELECT name FROM pg_prepared_statements ORDER BY name");
      expect(rows.map((r) => r.name)).toEqual(["assay_test_project_by_name", "assay_test_project_by_slug"]);
    } finally {
      await db.close();
    }
  });

  it("reports a database thread that stops on its own, and a later close does not wait for it", async () => {
    const reasons: string[] = [];
    const db = await openDatabase({ kind: "embedded", dataDir, onUnexpectedStop: (reason) => reasons.push(reason) });
    await db.query("SELECT 1");
    await db.thread!.terminate();
    await expect.poll(() => reasons.length).toBe(1);
    expect(reasons[0]).toMatch(/stopped unexpectedly/);
    // The folder is free again: the next open takes it.
    const started = performance.now();
    await db.close();
    expect(performance.now() - started).toBeLessThan(5_000);
    const reopened = await openDatabase({ kind: "embedded", dataDir });
    await reopened.close();
  });
  it("logs a request that held the database longer than ASSAY_DB_LOG_SLOW_MS, with its statement", async () => {
    const slowDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-worker-slow-"));
    const written: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      written.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof process.stderr.write;
    // The worker reads its environment when it starts.
    process.env.ASSAY_DB_LOG_SLOW_MS = "150";
    const db = await openDatabase({ kind: "embedded", dataDir: slowDir });
    try {
      await db.query("SELECT 1 AS quick");
      await db.query("SELECT pg_sleep(0.3) AS slow_one");
      const deadline = Date.now() + 5000;
      while (!written.some((w) => w.includes("slow_one")) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const lines = written.filter((w) => w.startsWith("[db] "));
      expect(lines.some((w) => /^\[db\] \d+\.\d ms: SELECT pg_sleep\(0\.3\) AS slow_one/.test(w))).toBe(true);
      expect(lines.some((w) => w.includes("quick"))).toBe(false);
    } finally {
      delete process.env.ASSAY_DB_LOG_SLOW_MS;
      process.stderr.write = write;
      await db.close();
      fs.rmSync(slowDir, { recursive: true, force: true });
    }
  });
});
