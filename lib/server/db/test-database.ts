// Gives an integration test file its own database, copied from the run's migrated template.
import "server-only";
import fs from "node:fs";
import crypto from "node:crypto";
import pg from "pg";
import { openDatabase, installDatabase, closeDatabase, type Database } from "./client";

export type TestDatabaseSource =
  | { kind: "embedded"; templateFile: string }
  | { kind: "server"; url: string; templateName: string };

export async function openTestDatabase(source: TestDatabaseSource): Promise<{ database: Database; dispose: () => Promise<void> }> {
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
