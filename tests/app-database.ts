// The database as `npm start` reaches it. Integration tests normally run on an in-memory PGlite in
// the test process (pglite-prisma-adapter); the app's embedded database instead runs on a worker
// thread behind node-postgres and a Unix socket (lib/server/db/pglite-worker.mjs), and some
// failures (session state shared by every pool connection) exist only on that path. A test file
// that must see the app's path calls this in beforeAll: on the embedded run it replaces the file's
// database by a worker-backed copy of the same migrated template; on the server run, and on the
// embedded run through the worker (ASSAY_TEST_EMBEDDED=worker), the file's database already is the
// app's path (a node-postgres pool) and is kept.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { inject } from "vitest";
import { getDatabase, installDatabase, openDatabase, type Database } from "@/lib/server/db/client";

export async function useAppDatabasePath(): Promise<{ database: Database; restore: () => Promise<void> }> {
  const source = inject("testDatabase");
  const previous = await getDatabase();
  if (source.kind === "server" || previous.thread) return { database: previous, restore: async () => {} };
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-app-path-"));
  const database = await openDatabase({ kind: "embedded", dataDir, loadDataFile: source.templateFile });
  installDatabase(database);
  return {
    database,
    restore: async () => {
      await database.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      installDatabase(previous);
    },
  };
}
