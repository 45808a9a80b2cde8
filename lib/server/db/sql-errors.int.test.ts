// Issue 11 §1: on the embedded database one SQL error made every later request fail with 42P05
// ("prepared statement … already exists") until a restart. node-postgres discards a connection
// after a query error; every connection to the embedded worker shares PGlite's one session, where
// the named statements survived, so each new connection failed to prepare them and was discarded
// in turn. These run on the path `npm start` uses (tests/app-database.ts): the worker and its
// socket on the embedded run, a server pool on the server run.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma, type Database } from "@/lib/server/db/client";
import { savePlan } from "@/lib/server/audits/plans";
import { defaultPlanSpec } from "@/lib/audits/plan";
import { useAppDatabasePath } from "@/tests/app-database";
import { authMock, makeHotRoutes } from "@/tests/hot-routes";

vi.mock("@/lib/server/auth/auth", () => authMock);

let database: Database;
let restore: () => Promise<void>;
beforeAll(async () => {
  ({ database, restore } = await useAppDatabasePath());
});
afterAll(async () => restore());

describe("after SQL errors the app keeps answering", () => {
  it("on the app's own database path", () => {
    expect(database.pool, "the app reaches its database through a node-postgres pool").toBeDefined();
  });

  it("without JIT compilation in the server's sessions, also on a connection opened after an error", async () => {
    if (database.kind !== "server") return; // PGlite has no JIT
    const jit = async () => (await database.query<{ jit: string }>("SHOW jit")).rows[0].jit;
    expect(await jit()).toBe("off");
    await database.query("SELECT 1/0").catch(() => {}); // node-postgres discards this connection
    const answers = await Promise.all(Array.from({ length: 4 }, () => jit()));
    expect(answers).toEqual(["off", "off", "off", "off"]);
  });

  it("after a failing statement, through Prisma and through the bulk-SQL path", async () => {
    const hot = await makeHotRoutes();
    await hot.expectHotRoutesAnswer();
    const db = await prisma();
    for (let round = 0; round < 3; round++) {
      await expect(db.$queryRawUnsafe("SELECT 1 / 0")).rejects.toThrow(/division by zero/);
      await expect(database.query(`SELECT * FROM "NoSuchTable"`)).rejects.toThrow(/does not exist/);
      await expect(database.query(`INSERT INTO "LoggedOutput" ("id") VALUES ('x')`)).rejects.toThrow();
      await hot.expectHotRoutesAnswer();
    }
  });

  it("after a transaction aborted by an error, rolled back or abandoned", async () => {
    const hot = await makeHotRoutes();
    await hot.expectHotRoutesAnswer();
    const db = await prisma();
    // Prisma's interactive transaction: a failing statement aborts it; Prisma rolls back.
    await expect(
      db.$transaction(async (tx) => {
        await tx.project.update({ where: { id: hot.project.id }, data: { name: "renamed in an aborted transaction" } });
        await tx.$queryRawUnsafe("SELECT 1 / 0");
      }),
    ).rejects.toThrow(/division by zero/);
    // A connection that fails inside a transaction and is discarded without ROLLBACK.
    const client = await database.pool!.connect();
    await client.query("BEGIN");
    await client.query(`UPDATE "Project" SET name = 'renamed by an abandoned transaction' WHERE id = $1`, [hot.project.id]);
    await expect(client.query("SELECT 1 / 0")).rejects.toThrow(/division by zero/);
    client.release(new Error("discarded after a failed statement"));
    await hot.expectHotRoutesAnswer();
    const project = await db.project.findUniqueOrThrow({ where: { id: hot.project.id } });
    expect(project.name).toBe(hot.project.name);
  });

  it("after the request of the issue: a record whose timestamp PostgreSQL cannot store", async () => {
    const hot = await makeHotRoutes();
    const { POST } = await import("@/app/api/v1/outputs/route");
    const response = await POST(
      new Request("http://localhost/api/v1/outputs", {
        method: "POST",
        headers: { authorization: `Bearer ${hot.key.secret}`, "content-type": "application/json" },
        body: JSON.stringify([{ id: "y0", timestamp: "0000-01-01T00:00:00Z", input: "q", output: "a" }]),
      }),
      {},
    );
    // Its only record refused: the batch is refused whole (400), naming the record's field.
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: "all_rejected", issues: [{ field: "records[0].timestamp" }], accepted: 0, rejected: 1, errors: [{ index: 0, id: "y0", field: "timestamp" }] });
    await hot.expectHotRoutesAnswer();
  });

  it("six concurrent plan saves by one QA lead all become versions, and the app still answers", async () => {
    const hot = await makeHotRoutes();
    const before = await (await prisma()).auditPlan.count({ where: { projectId: hot.project.id } });
    const saved = await Promise.all(
      Array.from({ length: 6 }, (_, i) => savePlan({ projectSlug: hot.project.slug, actor: hot.members.qa_lead, spec: { ...defaultPlanSpec(), dueDays: 2 + i } })),
    );
    const versions = saved.map((plan) => plan.version).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 6 }, (_, i) => before + 1 + i));
    await hot.expectHotRoutesAnswer();
  });
});
