// Issue 19, faults. The app runs as its own process (tests/fault-app.ts: the real route handlers
// on the app's database path) and is killed with SIGKILL in the middle of a large ingest batch and
// in the middle of review submissions; it is then started again on the same database and the
// clients retry what was not acknowledged. Afterwards the rows are counted exactly: nothing
// acknowledged is lost, nothing retried is doubled, and on the embedded run the data folder a
// killed process left behind opens again. On the server run the PostgreSQL server also "restarts"
// under review load: a TCP proxy between the app and the server cuts every connection, refuses new
// ones, then answers like a server that is starting up (57P03), then forwards again. The proxy
// stands in for `pg_ctlcluster … restart` because that server is shared by every other test run
// on the machine; from the app's side the two look the same (connections dropped, connects
// refused, then FATAL 57P03, then a working server). Requests meanwhile get 503 JSON with
// Retry-After, never a 500 or a hang, and the same app process serves again once the server is back.
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { getDatabase, installDatabase, openDatabase, type Database } from "@/lib/server/db/client";
import { insertApiKey } from "@/lib/server/projects/api-keys";
import { assignAuditItems } from "@/lib/server/review/routing";
import { makeProject } from "@/tests/fixtures";
import { GOOD_LABEL, makeReviewProject } from "@/tests/fixtures/review";

const source = inject("testDatabase");
const SESSION_COOKIE = "authjs.session-token";
process.env.AUTH_SECRET ??= "test-secret-for-fault-tests-0123456789abcdef";

// The app's database for this file: a data folder (embedded run) or a scratch database on the
// server (server run), both started from the run's migrated template.
let appDatabase: { env: Record<string, string>; serverUrl?: URL; dispose: () => Promise<void> };
let testDatabase: Database;
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "assay-faults-"));

beforeAll(async () => {
  testDatabase = await getDatabase();
  if (source.kind === "embedded") {
    const dataDir = path.join(scratch, "data");
    const first = await openDatabase({ kind: "embedded", dataDir, loadDataFile: source.templateFile });
    await first.close();
    appDatabase = { env: { ASSAY_DATA_DIR: dataDir }, dispose: async () => {} };
  } else {
    const name = `assay_faults_${crypto.randomBytes(6).toString("hex")}`;
    const admin = new pg.Client({ connectionString: source.url });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${source.templateName}`);
    const serverUrl = new URL(source.url);
    serverUrl.pathname = `/${name}`;
    appDatabase = {
      env: { DATABASE_URL: serverUrl.toString(), DATABASE_POOL_SIZE: "4" },
      serverUrl,
      dispose: async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await admin.end();
      },
    };
  }
});
afterAll(async () => {
  for (const app of running) await app.kill();
  installDatabase(testDatabase);
  await appDatabase?.dispose();
  fs.rmSync(scratch, { recursive: true, force: true });
});

/**
 * Runs `fn` with the app's database installed in this process, while no app process holds it.
 * On the embedded run each call opens the data folder anew: after a kill, that is the check that
 * the folder reopens cleanly.
 */
async function withAppDatabase<T>(fn: (db: Database) => Promise<T>): Promise<T> {
  const db =
    source.kind === "embedded"
      ? await openDatabase({ kind: "embedded", dataDir: appDatabase.env.ASSAY_DATA_DIR })
      : await openDatabase({ kind: "server", url: appDatabase.env.DATABASE_URL, poolSize: 2 });
  installDatabase(db);
  try {
    return await fn(db);
  } finally {
    await db.close();
    installDatabase(testDatabase);
  }
}

/** Counts the app's rows from a second connection while the app runs (server run only). */
async function testCount(projectId: string): Promise<number> {
  const client = new pg.Client({ connectionString: appDatabase.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "LoggedOutput" WHERE "projectId" = $1`, [projectId])).rows[0].n;
  } finally {
    await client.end();
  }
}

type App = { url: string; child: ChildProcess; output: () => string; kill: () => Promise<void> };
const running = new Set<App>();

async function startApp(env: Record<string, string> = {}): Promise<App> {
  // Leases of seconds, not minutes: a claim whose answer was lost (a kill, a cut connection) leaves
  // its assignment leased to the reviewer until the lease ends; the clients wait for it to come back.
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...appDatabase.env, ASSAY_LEASE_MINUTES: "0.1", ...env, NODE_ENV: "production" };
  if (source.kind === "embedded") delete childEnv.DATABASE_URL;
  // One process (node with the tsx loader, not the tsx wrapper), so that SIGKILL hits the app itself.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node/register.mjs", "tests/fault-app.ts"], { env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start within 90 s:\n${output}`)), 90_000);
    child.stdout!.on("data", () => {
      const match = /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the app exited while starting (${code}):\n${output}`));
    });
  });
  const app: App = {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    kill: async () => {
      running.delete(app);
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
  running.add(app);
  return app;
}

async function sessionCookie(userId: string) {
  return `${SESSION_COOKIE}=${await encode({ token: { uid: userId }, secret: process.env.AUTH_SECRET!, salt: SESSION_COOKIE, maxAge: 3600 })}`;
}

const record = (prefix: string, i: number) => ({ id: `${prefix}-${i}`, timestamp: new Date(Date.UTC(2026, 0, 5) + i * 1000).toISOString(), input: `question ${i} ${"x".repeat(200)}`, output: `answer ${i}`, metadata: { taskType: i % 2 ? "billing" : "refunds" } });

/**
 * Streams NDJSON lines to the app in chunks; resolves with the answer, or rejects when the
 * connection dies. With `holdBack`, the last lines wait until `release` is called: until then the
 * request cannot have been answered, so a kill before it lands inside the request.
 */
function streamNdjson(url: string, secret: string, lines: string[], onProgress: (sent: number) => void, hold?: { lines: number; release: Promise<void> }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: "POST", headers: { authorization: `Bearer ${secret}`, "content-type": "application/x-ndjson" } }, (response) => {
      let body = "";
      response.on("data", (d) => (body += d));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
      response.on("error", reject);
    });
    request.on("error", reject);
    (async () => {
      for (let sent = 0; sent < lines.length; sent += 500) {
        if (hold && sent >= lines.length - hold.lines) await hold.release;
        const chunk = lines.slice(sent, sent + 500).join("\n") + "\n";
        if (!request.write(chunk)) await new Promise((r) => request.once("drain", r));
        onProgress(Math.min(lines.length, sent + 500));
        // Paced, as a real exporter sends: the kill lands while batches are being written.
        await new Promise((r) => setTimeout(r, 20));
        if (request.destroyed) return;
      }
      request.end();
    })().catch(reject);
  });
}

describe("the app killed with SIGKILL, restarted, and the client retrying", () => {
  it("in the middle of a large ingest batch: exactly every record once", { timeout: 300_000 }, async () => {
    const TOTAL = 12_000;
    const FIRST = 2_000;
    const { project, key } = await withAppDatabase(async () => {
      const { project } = await makeProject();
      const key = await insertApiKey({ projectId: project.id, name: "faults", scopes: ["ingest"], createdById: null });
      return { project, key };
    });
    const ingestUrl = (app: App) => `${app.url}/api/v1/outputs?project=${project.slug}`;
    const records = Array.from({ length: TOTAL }, (_, i) => record("fault", i));
    const rest = records.slice(FIRST).map((r) => JSON.stringify(r));

    const app = await startApp();
    // An acknowledged batch first: it must survive the kill that follows.
    const firstStarted = Date.now();
    const first = await fetch(ingestUrl(app), { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" }, body: JSON.stringify(records.slice(0, FIRST)) });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(await first.json()).toMatchObject({ accepted: FIRST, duplicates: 0, rejected: 0 });
    const firstMs = Date.now() - firstStarted;

    // The large batch, its last 1,000 lines held back, killed while the app is writing the rest.
    let sent = 0;
    let release = () => {};
    const large = streamNdjson(ingestUrl(app), key.secret, rest, (n) => (sent = n), { lines: 1_000, release: new Promise<void>((r) => (release = r)) });
    const outcome = large.then(() => "answered", () => "connection lost");
    while (sent < rest.length - 1_000) await new Promise((r) => setTimeout(r, 5));
    // Kill once the app has written part of the batch: on the server, seen in the table; the
    // embedded folder is the app's alone while it runs, so there the wait is three times what the
    // first 2,000 records took (the app writes in batches of 2,000), which leaves it mid-batch.
    if (source.kind === "server") {
      const deadline = Date.now() + 60_000;
      while ((await testCount(project.id)) < FIRST + 4_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    } else {
      await new Promise((r) => setTimeout(r, 3 * firstMs));
    }
    await app.kill();
    release();
    expect(await outcome, "the kill came before the app answered").toBe("connection lost");

    const afterKill = await withAppDatabase(async (db) => {
      const n = await db.prisma.loggedOutput.count({ where: { projectId: project.id } });
      // The reopened database is usable for writes too, not only reads.
      await db.prisma.$transaction(async (tx) => {
        await tx.project.update({ where: { id: project.id }, data: { name: `${project.name} (reopened)` } });
      });
      return n;
    });
    expect(afterKill, "every acknowledged record survived the kill").toBeGreaterThanOrEqual(FIRST);
    if (source.kind === "server") expect(afterKill, "the kill came while the batch was being written").toBeGreaterThanOrEqual(FIRST + 4_000);
    expect(afterKill, "the held-back lines were never stored").toBeLessThanOrEqual(TOTAL - 1_000);

    // Restarted; the client retries the batch it got no answer for.
    const again = await startApp();
    const retry = await streamNdjson(ingestUrl(again), key.secret, rest, () => {});
    expect(retry.status, retry.body).toBe(200);
    expect(JSON.parse(retry.body)).toMatchObject({ accepted: TOTAL - afterKill, duplicates: afterKill - FIRST, rejected: 0 });
    await again.kill();

    await withAppDatabase(async (db) => {
      const rows = await db.query<{ n: number; distinct: number }>(`SELECT count(*)::int AS n, count(DISTINCT "externalId")::int AS distinct FROM "LoggedOutput" WHERE "projectId" = $1`, [project.id]);
      expect(rows.rows[0]).toEqual({ n: TOTAL, distinct: TOTAL });
      const expected = new Set(records.map((r) => r.id));
      const stored = await db.prisma.loggedOutput.findMany({ where: { projectId: project.id }, select: { externalId: true } });
      expect(stored.every((row) => expected.has(row.externalId))).toBe(true);
    });
    console.info(`faults: ingest kill at ${afterKill} of ${TOTAL} stored (first 2,000 took ${firstMs} ms); after the retry ${TOTAL} rows, ${TOTAL} distinct ids`);
  });

  it("in the middle of review submissions: no label lost or doubled", { timeout: 300_000 }, async () => {
    const setup = await withAppDatabase(() => reviewSetup());
    const app = await startApp();
    const reviewers = setup.cookies.map((cookie, i) => new ReviewClient(setup.slug, cookie, i));
    // Three reviewers label concurrently; the app is killed once 15 labels are acknowledged.
    const work = reviewers.map((r) => r.run(app.url));
    while (reviewers.reduce((n, c) => n + c.acknowledged.size, 0) < 15) await new Promise((r) => setTimeout(r, 5));
    await app.kill();
    await Promise.all(work);
    const acknowledgedBefore = reviewers.reduce((n, c) => n + c.acknowledged.size, 0);
    const unanswered = reviewers.filter((r) => r.pending).length;

    await withAppDatabase(async (db) => {
      const labels = await db.prisma.label.findMany({ where: { projectId: setup.projectId }, select: { assignmentId: true, values: true } });
      // Every acknowledged label is stored with its values; at most the unanswered ones besides.
      for (const client of reviewers) for (const [assignmentId, values] of client.acknowledged) expect(labels.find((l) => l.assignmentId === assignmentId)?.values).toEqual(values);
      expect(labels.length).toBeGreaterThanOrEqual(acknowledgedBefore);
      expect(labels.length).toBeLessThanOrEqual(acknowledgedBefore + unanswered);
    });

    const again = await startApp();
    await Promise.all(reviewers.map((r) => r.run(again.url)));
    await again.kill();
    await verifyReviewRows(setup, reviewers);
    console.info(`faults: review kill after ${acknowledgedBefore} acknowledged labels, ${unanswered} unanswered and retried; ${setup.assignments} labels verified`);
  });
});

describe.skipIf(source.kind !== "server")("the PostgreSQL server restarting under review load", () => {
  it("answers 503 JSON with Retry-After while it is away and recovers without an app restart", { timeout: 300_000 }, async () => {
    const setup = await withAppDatabase(() => reviewSetup());
    const proxy = await startProxy(appDatabase.serverUrl!);
    const viaProxy = new URL(appDatabase.serverUrl!);
    viaProxy.port = String(proxy.port);
    const app = await startApp({ DATABASE_URL: viaProxy.toString() });
    const reviewers = setup.cookies.map((cookie, i) => new ReviewClient(setup.slug, cookie, i, { retryOn503: true }));
    const work = reviewers.map((r) => r.run(app.url));
    const acknowledged = () => reviewers.reduce((n, c) => n + c.acknowledged.size, 0);
    while (acknowledged() < 10) await new Promise((r) => setTimeout(r, 5));

    proxy.cut(); // the server goes down: connections dropped, connects refused
    const atCut = acknowledged();
    await new Promise((r) => setTimeout(r, 1_500));
    await proxy.startingUp(); // it comes back and refuses sessions while starting (FATAL 57P03)
    await new Promise((r) => setTimeout(r, 1_000));
    proxy.forward(); // it serves again
    await Promise.all(work);

    const unavailable = reviewers.flatMap((r) => r.unavailable);
    expect(unavailable.length, "requests made while the server was away were answered 503").toBeGreaterThan(0);
    for (const answer of unavailable) {
      expect(answer.body).toMatchObject({ error: "database_unavailable" });
      expect(answer.retryAfter).toBe("5");
    }
    expect(reviewers.flatMap((r) => r.unexpected), "no 500, no hang, no other status").toEqual([]);
    expect(app.child.exitCode, "the same app process served throughout").toBeNull();
    expect(acknowledged(), "labels were acknowledged after the server came back").toBeGreaterThan(atCut);
    await app.kill();
    await proxy.close();
    await verifyReviewRows(setup, reviewers);
    console.info(`faults: server outage: ${unavailable.length} answers 503, ${proxy.cuts} connections cut, ${setup.assignments} labels verified`);
  });
});

type ReviewSetup = { slug: string; projectId: string; cookies: string[]; assignments: number; soloItems: number };

/** 3 reviewers, 30 single-review items and 6 items labelled by two: 42 assignments. */
async function reviewSetup(): Promise<ReviewSetup> {
  const items = [...Array.from({ length: 30 }, () => ({ stratum: "billing" })), ...Array.from({ length: 6 }, () => ({ stratum: "billing", reviewersWanted: 2 }))];
  const setup = await makeReviewProject({ reviewers: [["billing"], ["billing"], ["billing"]], items });
  const { assigned } = await assignAuditItems({ projectId: setup.project.id, auditId: setup.audit.id });
  expect(assigned).toBe(42);
  return { slug: setup.project.slug, projectId: setup.project.id, cookies: await Promise.all(setup.reviewers.map((r) => sessionCookie(r.userId))), assignments: 42, soloItems: 30 };
}

/**
 * A reviewer's client: claims, submits with `next: true`, remembers what was acknowledged and the
 * one submission that got no answer, and on the next run retries that first. A retry of a label
 * the dead app had already committed is answered 409 "already labelled": the label is there.
 */
class ReviewClient {
  acknowledged = new Map<string, object>();
  pending: { assignmentId: string; values: object } | null = null;
  unavailable: { body: unknown; retryAfter: string | null }[] = [];
  unexpected: string[] = [];
  private next: string | null = null;
  private n = 0;

  constructor(
    private readonly slug: string,
    private readonly cookie: string,
    private readonly index: number,
    private readonly options: { retryOn503?: boolean } = {},
  ) {}

  private values(): object {
    // Distinct values per submission, so a label in the wrong row or from the wrong request shows.
    return { ...GOOD_LABEL, tone: 1 + ((this.index + this.n++) % 5) };
  }

  /** POST; null when the connection died (the app was killed). */
  private async post(url: string, body?: object): Promise<{ status: number; json: Record<string, unknown>; retryAfter: string | null } | null> {
    for (;;) {
      let response: Response;
      try {
        response = await fetch(url, { method: "POST", headers: { cookie: this.cookie, "content-type": "application/json" }, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(20_000) });
      } catch (error) {
        if ((error as Error).name === "TimeoutError") this.unexpected.push(`${url}: no answer in 20 s`);
        return null;
      }
      const text = await response.text();
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(text);
      } catch {
        this.unexpected.push(`${url}: ${response.status} not JSON: ${text.slice(0, 200)}`);
        return null;
      }
      if (response.status === 503 && this.options.retryOn503) {
        this.unavailable.push({ body: json, retryAfter: response.headers.get("retry-after") });
        // The test waits less than Retry-After says so that it stays fast; the point is the answer's shape.
        await new Promise((r) => setTimeout(r, 100));
        continue;
      }
      return { status: response.status, json, retryAfter: response.headers.get("retry-after") };
    }
  }

  /** Labels until the queue is empty or the app dies. */
  async run(base: string): Promise<void> {
    const api = `${base}/api/v1/projects/${this.slug}/review`;
    if (this.pending) {
      const retry = await this.post(`${api}/assignments/${this.pending.assignmentId}/label`, { values: this.pending.values, next: false });
      if (!retry) return;
      if (retry.status === 200 || (retry.status === 409 && /already labelled/.test(String(retry.json.message)))) {
        this.acknowledged.set(this.pending.assignmentId, this.pending.values);
        this.pending = null;
      } else {
        this.unexpected.push(`retry: ${retry.status} ${JSON.stringify(retry.json)}`);
        return;
      }
      this.next = null;
    }
    if (!this.next) {
      const claim = await this.post(`${api}/next`);
      if (!claim) return;
      if (claim.status !== 200) return void this.unexpected.push(`claim: ${claim.status} ${JSON.stringify(claim.json)}`);
      this.next = await this.nextOf(api, (claim.json.item as { assignmentId: string } | null)?.assignmentId ?? null, claim.json.remaining);
    }
    while (this.next) {
      const submission = { assignmentId: this.next, values: this.values() };
      this.pending = submission;
      const answer = await this.post(`${api}/assignments/${submission.assignmentId}/label`, { values: submission.values, next: true });
      if (!answer) return;
      if (answer.status === 409 && /already labelled/.test(String(answer.json.message)) && this.options.retryOn503) {
        // A 503 came after the label was committed (the connection was cut before the answer): it is stored.
        this.acknowledged.set(submission.assignmentId, submission.values);
        this.pending = null;
        const claim = await this.post(`${api}/next`);
        if (!claim) return;
        this.next = await this.nextOf(api, (claim.json.item as { assignmentId: string } | null)?.assignmentId ?? null, claim.json.remaining);
        continue;
      }
      if (answer.status !== 200) return void this.unexpected.push(`submit: ${answer.status} ${JSON.stringify(answer.json)}`);
      this.acknowledged.set(submission.assignmentId, submission.values);
      this.pending = null;
      this.next = await this.nextOf(api, (answer.json.next as { assignmentId: string } | null)?.assignmentId ?? null, answer.json.remaining);
    }
  }

  /** The next assignment an answer named, else (when the queue still counts some) the leftover one. */
  private async nextOf(api: string, next: string | null, remaining: unknown): Promise<string | null> {
    return next ?? (Number(remaining) > 0 ? this.claimLeftover(api) : null);
  }

  /**
   * The queue says assignments remain but none is claimable: one is leased to this reviewer by a
   * claim whose answer never arrived. Claims again until its lease ends (a few seconds here).
   */
  private async claimLeftover(api: string): Promise<string | null> {
    for (let tries = 0; tries < 120; tries++) {
      await new Promise((r) => setTimeout(r, 250));
      const claim = await this.post(`${api}/next`);
      if (!claim || claim.status !== 200) return null;
      const next = (claim.json.item as { assignmentId: string } | null)?.assignmentId ?? null;
      if (next || Number(claim.json.remaining) === 0) return next;
    }
    this.unexpected.push("an assignment stayed leased past its lease");
    return null;
  }
}

/** Every assignment has exactly one label, with the values its client sent; one revision and one event each; solo items have their gold. */
async function verifyReviewRows(setup: ReviewSetup, reviewers: ReviewClient[]) {
  expect(reviewers.flatMap((r) => r.unexpected)).toEqual([]);
  expect(reviewers.every((r) => r.pending === null)).toBe(true);
  const sent = new Map(reviewers.flatMap((r) => [...r.acknowledged]));
  expect(sent.size).toBe(setup.assignments);
  await withAppDatabase(async (db) => {
    const labels = await db.prisma.label.findMany({ where: { projectId: setup.projectId }, select: { id: true, assignmentId: true, values: true, _count: { select: { revisions: true } } } });
    expect(labels.length).toBe(setup.assignments);
    for (const label of labels) {
      expect(label.values).toEqual(sent.get(label.assignmentId));
      expect(label._count.revisions).toBe(1);
    }
    const submitted = await db.prisma.assignment.count({ where: { projectId: setup.projectId, status: "submitted" } });
    expect(submitted).toBe(setup.assignments);
    const events = await db.query<{ n: number; labels: number }>(`SELECT count(*)::int AS n, count(DISTINCT "labelId")::int AS labels FROM "ReviewEvent" WHERE "projectId" = $1 AND kind = 'label_submitted'`, [setup.projectId]);
    expect(events.rows[0]).toEqual({ n: setup.assignments, labels: setup.assignments });
    const solo = await db.prisma.goldLabel.count({ where: { projectId: setup.projectId, sampledItem: { reviewersWanted: 1 } } });
    expect(solo).toBe(setup.soloItems);
  });
}

/** A TCP proxy to the PostgreSQL server that can play a server restart. */
async function startProxy(target: URL) {
  let mode: "forward" | "starting" = "forward";
  const sockets = new Set<net.Socket>();
  let cuts = 0;
  const clients = new Set<net.Socket>();
  const onConnection = (client: net.Socket) => {
    sockets.add(client);
    clients.add(client);
    client.on("close", () => clients.delete(client));
    client.on("close", () => sockets.delete(client));
    client.on("error", () => client.destroy());
    if (mode === "starting") {
      // What a starting server answers to a startup message: FATAL 57P03, then it closes.
      client.once("data", () => {
        const fields = Buffer.from("SFATAL\0VFATAL\0C57P03\0Mthe database system is starting up\0\0");
        const header = Buffer.alloc(5);
        header.write("E");
        header.writeInt32BE(4 + fields.length, 1);
        client.end(Buffer.concat([header, fields]));
      });
      return;
    }
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    sockets.add(upstream);
    upstream.on("close", () => sockets.delete(upstream));
    upstream.on("error", () => client.destroy());
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };
  let server = net.createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    get cuts() {
      return cuts;
    },
    /** Drops every connection and stops listening: connects are refused. */
    cut() {
      server.close();
      cuts += clients.size;
      for (const socket of sockets) socket.destroy();
    },
    async startingUp() {
      mode = "starting";
      server = net.createServer(onConnection);
      await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
    },
    forward() {
      mode = "forward";
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
