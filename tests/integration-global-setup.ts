// Prepares one migrated template database per test run; every integration test file then gets
// its own copy (lib/server/db/test-database.ts), so files never share data. Embedded PGlite by
// default; a PostgreSQL server when TEST_DATABASE_URL is set.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "@/lib/server/db/client";
import { applyPendingMigrations, MIGRATIONS_DIR, SCHEMA_PATH } from "@/lib/server/db/schema-engine";

declare module "vitest" {
  export interface ProvidedContext {
    testDatabase: { kind: "embedded"; templateFile: string } | { kind: "server"; url: string; templateName: string };
  }
}

function migrationsFingerprint(): string {
  const hash = crypto.createHash("sha256");
  for (const dir of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    const file = path.join(MIGRATIONS_DIR, dir, "migration.sql");
    if (fs.existsSync(file)) hash.update(dir).update(fs.readFileSync(file));
  }
  hash.update(fs.readFileSync(SCHEMA_PATH));
  return hash.digest("hex").slice(0, 16);
}

export default async function setup(project: TestProject) {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (serverUrl) {
    const templateName = `assay_test_template_${process.pid}`;
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${templateName}`);
    await admin.query(`CREATE DATABASE ${templateName}`);
    const url = new URL(serverUrl);
    url.pathname = `/${templateName}`;
    const template = await openDatabase({ kind: "server", url: url.toString(), poolSize: 2 });
    await applyPendingMigrations(template.adapterFactory);
    await template.close();
    project.provide("testDatabase", { kind: "server", url: serverUrl, templateName });
    return async () => {
      await admin.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    };
  }

  // Migrating PGlite takes ~15 s; the migrated image is cached until a migration changes.
  const cacheDir = path.resolve("node_modules/.cache/assay");
  const templateFile = path.join(cacheDir, `pglite-template-${migrationsFingerprint()}.tar.gz`);
  if (!fs.existsSync(templateFile)) {
    fs.mkdirSync(cacheDir, { recursive: true });
    const template = await openDatabase({ kind: "memory" });
    await applyPendingMigrations(template.adapterFactory);
    const dump = await template.pglite!.dumpDataDir("gzip");
    const temporary = `${templateFile}.${process.pid}`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, templateFile);
    await template.close();
  }
  project.provide("testDatabase", { kind: "embedded", templateFile });
}
