// The integration suite runs on three database paths (embedded in process, embedded through the
// worker and socket as `npm start` uses it, a PostgreSQL server); this checks each file really got
// the one its run asked for, so the CI step that claims the worker path cannot silently fall back.
import { describe, expect, inject, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { testEmbeddedThroughWorker } from "@/lib/server/db/test-database";

describe("the integration run's database path", () => {
  it("is the one the run asked for", async () => {
    const source = inject("testDatabase");
    const database = await getDatabase();
    if (source.kind === "server") {
      expect(database.kind).toBe("server");
      expect(database.pool).toBeDefined();
    } else if (testEmbeddedThroughWorker()) {
      expect(database.kind).toBe("embedded");
      expect(database.thread, "a worker thread owns the PGlite").toBeDefined();
      expect(database.pglite, "no PGlite in the test process").toBeUndefined();
      expect(database.pool, "reached through node-postgres").toBeDefined();
    } else {
      expect(database.kind).toBe("embedded");
      expect(database.pglite).toBeDefined();
      expect(database.thread).toBeUndefined();
    }
    // The migrated template is there whichever path: the first migration's table answers.
    expect(await (await prisma()).project.count()).toBe(0);
  });
});
