import { describe, expect, it } from "vitest";
import { getDatabase } from "@/lib/server/db/client";
import { makeProject } from "@/tests/fixtures";
import { enqueueJob } from "./queue";
import { PermanentJobError, runDueJobs, type ClaimedJob } from "./runner";

const status = async (id: string) => (await (await getDatabase()).query<{ status: string; attempts: number; lastError: string | null }>(`SELECT status::text, attempts, "lastError" FROM "Job" WHERE id = $1`, [id])).rows[0];
const makeDue = async (id: string) => (await getDatabase()).query(`UPDATE "Job" SET "runAt" = now() - interval '1 second' WHERE id = $1`, [id]);

describe("job runner", () => {
  it("runs a job once, and enqueueing the same unique key again returns the same job", async () => {
    const { project } = await makeProject();
    const queue = `q-${project.id}`;
    const first = await enqueueJob({ projectId: project.id, queue, payload: { n: 1 }, uniqueKey: "only-once" });
    const again = await enqueueJob({ projectId: project.id, queue, payload: { n: 2 }, uniqueKey: "only-once" });
    expect(again).toEqual({ id: first.id, created: false });
    const seen: ClaimedJob[] = [];
    const results = await runDueJobs({ handlers: { [queue]: async (job) => void seen.push(job) } });
    expect(results).toEqual([{ id: first.id, queue, outcome: "succeeded" }]);
    expect(seen.map((j) => j.payload)).toEqual([{ n: 1 }]);
    expect(await runDueJobs({ handlers: { [queue]: async () => {} } })).toEqual([]);
    expect((await status(first.id)).status).toBe("succeeded");
  });

  it("retries with backoff, then keeps the job as failed with its error", async () => {
    const { project } = await makeProject();
    const queue = `q-${project.id}`;
    const { id } = await enqueueJob({ projectId: project.id, queue, payload: {}, retry: { maxAttempts: 3, backoffMs: 60_000 } });
    const failing = { [queue]: async () => { throw new Error("receiver down"); } };
    expect((await runDueJobs({ handlers: failing }))[0].outcome).toBe("retrying");
    // Not due yet: the backoff holds it back.
    expect(await runDueJobs({ handlers: failing })).toEqual([]);
    await makeDue(id);
    expect((await runDueJobs({ handlers: failing }))[0].outcome).toBe("retrying");
    await makeDue(id);
    expect((await runDueJobs({ handlers: failing }))[0].outcome).toBe("failed");
    expect(await status(id)).toEqual({ status: "failed", attempts: 3, lastError: "receiver down" });
  });

  it("a permanent error fails at once", async () => {
    const { project } = await makeProject();
    const queue = `q-${project.id}`;
    const { id } = await enqueueJob({ projectId: project.id, queue, payload: {} });
    await runDueJobs({ handlers: { [queue]: async () => { throw new PermanentJobError("webhook deleted"); } } });
    expect(await status(id)).toEqual({ status: "failed", attempts: 1, lastError: "webhook deleted" });
  });

  it("takes up a job whose runner died once its lease has expired", async () => {
    const { project } = await makeProject();
    const queue = `q-${project.id}`;
    const { id } = await enqueueJob({ projectId: project.id, queue, payload: {} });
    const db = await getDatabase();
    // As a crashed instance leaves it: running, with a lease that has run out.
    await db.query(`UPDATE "Job" SET status = 'running', attempts = 1, "lockedBy" = 'dead', "lockedUntil" = now() - interval '1 second' WHERE id = $1`, [id]);
    const results = await runDueJobs({ handlers: { [queue]: async () => {} } });
    expect(results).toEqual([{ id, queue, outcome: "succeeded" }]);
    expect((await status(id)).attempts).toBe(2);
  });

  it("concurrent runners never run the same job twice", async () => {
    const { project } = await makeProject();
    const queue = `q-${project.id}`;
    for (let i = 0; i < 20; i++) await enqueueJob({ projectId: project.id, queue, payload: { i } });
    const runs: number[] = [];
    const handlers = { [queue]: async (job: ClaimedJob) => void runs.push(job.payload.i as number) };
    for (let round = 0; round < 5; round++) await Promise.all([1, 2, 3, 4].map(() => runDueJobs({ handlers, limit: 3 })));
    expect(runs.sort((a, b) => a - b)).toEqual([...Array(20).keys()]);
  });
});
