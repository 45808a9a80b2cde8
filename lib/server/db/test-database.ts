// Gives an integration test file its own database, copied from the run's migrated template.
// Embedded runs open it in the test process (in-memory PGlite, pglite-prisma-adapter) unless
// ASSAY_TEST_EMBEDDED=worker: then each file's copy is a data folder served by the worker thread
// over its Unix socket, reached through node-postgres, exactly as `npm start` reaches its database
// (lib/server/db/pglite-worker.mjs). CI runs the integration suite once that way (.ci/run).
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import pg from "pg";
import { openDatabase, installDatabase, closeDatabase, type Database } from "./client";

export type TestDatabaseSource =
  | { kind: "embedded"; templateFile: string }
  | { kind: "server"; url: string; templateName: string };

/** The embedded test database runs as `npm start` runs it (worker thread + socket), not in process. */
export function testEmbeddedThroughWorker(): boolean {
  const mode = process.env.ASSAY_TEST_EMBEDDED;
  if (mode === undefined || mode === "" || mode === "memory") return false;
  if (mode === "worker") return true;
  throw new Error(`ASSAY_TEST_EMBEDDED must be "memory" or "worker", not "${mode}"`);
}

export async function openTestDatabase(source: TestDatabaseSource): Promise<{ database: Database; dispose: () => Promise<void> }> {
  if (source.kind === "embedded" && testEmbeddedThroughWorker()) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-test-worker-"));
    const database = await openDatabase({
      kind: "embedded",
      dataDir,
      loadDataFile: source.templateFile,
      // Not process.exit as in the app: an uncaught error fails the run and names the file.
      onUnexpectedStop: (reason) => {
        throw new Error(reason);
      },
    });
    installDatabase(database);
    return {
      database,
      dispose: async () => {
        await closeDatabase();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  if (source.kind === "embedded") {
    const bytes = fs.readFileSync(source.templateFile);
    const database = await openDatabase({ kind: "memory", loadDataDir: new Blob([bytes]) });
    installDatabase(database);
    return { database, dispose: () => closeDatabase() };
  }
  const name = `assay_test_${crypto.randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: source.url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.templateName}`);
  const url = new URL(source.url);
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: "server", url: url.toString(), poolSize: 20 });
  installDatabase(database);
  return {
    database,
    dispose: async () => {
      await closeDatabase();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
