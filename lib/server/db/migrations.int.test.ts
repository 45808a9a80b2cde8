// Guards the offline migration path (an internal Prisma API, see docs/decisions/002): if an
// upgrade breaks it, or someone edits schema.prisma without a migration, this fails loudly.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { getDatabase, openDatabase } from "./client";
import { applyPendingMigrations, diffDatabaseToSchema, MIGRATIONS_DIR, readMigrationList } from "./schema-engine";

it("applies every migration to an empty database with no drift from schema.prisma", async () => {
  const empty = await openDatabase({ kind: "memory" });
  try {
    const applied = await applyPendingMigrations(empty.adapterFactory);
    const folders = (await readMigrationList()).migrationDirectories.map((m) => m.path);
    expect(applied).toEqual(folders);
    expect(applied.length).toBeGreaterThan(0);
    expect(await diffDatabaseToSchema(empty.adapterFactory)).toBe("");
    // A second run is a no-op, as `prisma migrate deploy` is.
    expect(await applyPendingMigrations(empty.adapterFactory)).toEqual([]);
    const recorded = await empty.query<{ migration_name: string }>(`SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name`);
    expect(recorded.rows.map((r) => r.migration_name)).toEqual(folders);
  } finally {
    await empty.close();
  }
}, 120_000);

it("reports drift when the database lacks what the schema declares", async () => {
  const empty = await openDatabase({ kind: "memory" });
  try {
    await applyPendingMigrations(empty.adapterFactory);
    await empty.query(`DROP INDEX "LoggedOutput_projectId_timestamp_idx"`);
    expect(await diffDatabaseToSchema(empty.adapterFactory)).toContain(`CREATE INDEX "LoggedOutput_projectId_timestamp_idx"`);
  } finally {
    await empty.close();
  }
}, 120_000);

// h19_label_revision_project adds LabelRevision.projectId, NOT NULL, to tables that already hold
// revisions: each existing revision must take its own label's project, or the composite key to
// Label (projectId, id) could not be added at all.
it("backfills the project of label revisions written before h19_label_revision_project", async () => {
  const target = "h19_label_revision_project";
  const earlier = fs.mkdtempSync(path.join(os.tmpdir(), "assay-migrations-"));
  const db = await openDatabase({ kind: "memory" });
  try {
    for (const entry of fs.readdirSync(MIGRATIONS_DIR)) {
      if (entry.endsWith(`_${target}`)) break;
      fs.cpSync(path.join(MIGRATIONS_DIR, entry), path.join(earlier, entry), { recursive: true });
    }
    fs.copyFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), path.join(earlier, "migration_lock.toml"));
    await applyPendingMigrations(db.adapterFactory, earlier);
    // Two projects, each with a label and a revision of it, as the label statements wrote them then.
    for (const p of ["pa", "pb"]) {
      await db.query(`INSERT INTO "Project" (id, slug, name, "updatedAt") VALUES ('${p}', '${p}', '${p}', now())`);
      await db.query(`INSERT INTO "User" (id, email, "updatedAt") VALUES ('u-${p}', '${p}@example.test', now())`);
      await db.query(`INSERT INTO "AuditPlan" (id, "projectId", version, method, "methodParams") VALUES ('plan-${p}', '${p}', 1, 'fixed', '{}')`);
      await db.query(
        `INSERT INTO "Audit" (id, "projectId", week, "weekStart", "weekEnd", seed, "planId", strata, population, "sampleSize", "dueAt") VALUES ('a-${p}', '${p}', '2026-W01', now(), now(), 's', 'plan-${p}', '[]', 1, 1, now())`,
      );
      await db.query(`INSERT INTO "LoggedOutput" (id, "projectId", "externalId", timestamp, input, output) VALUES (gen_random_uuid(), '${p}', 'o-${p}', now(), '"q"', '"a"')`);
      await db.query(
        `INSERT INTO "SampledItem" (id, "projectId", "auditId", "outputId", stratum, "inclusionProbability", "sampleKey") SELECT 'i-${p}', '${p}', 'a-${p}', id, '', 1, '1' FROM "LoggedOutput" WHERE "projectId" = '${p}'`,
      );
      await db.query(`INSERT INTO "Assignment" (id, "projectId", "sampledItemId", "reviewerId") VALUES ('as-${p}', '${p}', 'i-${p}', 'u-${p}')`);
      await db.query(`INSERT INTO "Rubric" (id, "projectId", version, dimensions) VALUES ('r-${p}', '${p}', 1, '[]')`);
      await db.query(
        `INSERT INTO "Label" (id, "projectId", "sampledItemId", "assignmentId", "reviewerId", "rubricId", "values", "updatedAt") VALUES ('l-${p}', '${p}', 'i-${p}', 'as-${p}', 'u-${p}', 'r-${p}', '{}', now())`,
      );
      await db.query(`INSERT INTO "LabelRevision" (id, "labelId", "editorId", "after") VALUES ('rev-${p}', 'l-${p}', 'u-${p}', '{}')`);
    }
    const applied = await applyPendingMigrations(db.adapterFactory);
    expect(applied[0]).toMatch(new RegExp(`_${target}$`));
    const revisions = await db.query<{ id: string; projectId: string }>(`SELECT id, "projectId" FROM "LabelRevision" ORDER BY id`);
    expect(revisions.rows).toEqual([{ id: "rev-pa", projectId: "pa" }, { id: "rev-pb", projectId: "pb" }]);
    expect(await diffDatabaseToSchema(db.adapterFactory)).toBe("");
  } finally {
    await db.close();
    fs.rmSync(earlier, { recursive: true, force: true });
  }
}, 120_000);

// Not in the worker-and-socket run (ASSAY_TEST_EMBEDDED=worker): there the schema engine's
// introspection of the file's database did not finish within 120 s (stop 12, not yet diagnosed);
// the same migrations are checked for drift in-process and on the server in the other two runs.
it.skipIf(process.env.ASSAY_TEST_EMBEDDED === "worker")("shows no drift on this run's test database (PGlite, or the server in TEST_DATABASE_URL)", async () => {
  const database = await getDatabase();
  expect(await diffDatabaseToSchema(database.adapterFactory)).toBe("");
}, 120_000);
