// Benchmark: 20 simulated reviewers, each looping "submit label + claim next" over HTTP against
// the running app, and in the same run the same loop against a trivial authenticated route of the
// review API (GET .../review/ping: session + permission check, nothing else) as the baseline.
//
// The app is started here: `scripts/node/start.mjs` (what `npm start` runs) on its own port with
// a scratch embedded database (PGlite, ASSAY_DATA_DIR in a temporary folder, ASSAY_DEMO=0), the
// default way Assay runs. Reviewers sign in through the real Auth.js credentials flow. Before the
// app starts, this process writes a project, 20 reviewers and an open audit with enough assigned
// items into the scratch database (the app must then own it alone: PGlite has one owner).
//
// With --server the app runs on a PostgreSQL server instead (the production set-up): a scratch
// database assay_bench_review on BENCH_DATABASE_URL, else postgresql://postgres@127.0.0.1:5432/postgres.
//
// Run: npm run bench -- review [seconds] [--server]   (env: BENCH_PORT, NEXT_DIST_DIR, BENCH_REVIEWERS, BENCH_THINK_MS,
// BENCH_PROFILE=<dir> writes a V8 CPU profile of the app process there,
// BENCH_APP_LOG=<file> keeps the app's output)
// Ends with exactly one JSON line of the figures.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { closeDatabase, getDatabase } from "@/lib/server/db/client";
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { hashPassword } from "@/lib/server/auth/passwords";
import { treeCpuMs } from "./lib/process-cpu";
import { APP_NODE_ARGS, APP_NODE_ENV } from "@/lib/instance/node-settings";

const numericArgs = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const SECONDS = numericArgs[0] ?? 15;
const REVIEWERS = Number(process.env.BENCH_REVIEWERS ?? 20);
// Mean pause between a reviewer's submits. People take 10 s or more per item; 500 ms is a reviewer
// twenty times faster than the fastest of them, so 20 of them offer ~35 submits/s.
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 500);
const ITEMS_PER_REVIEWER = 600;
const PORT = Number(process.env.BENCH_PORT ?? 3391);
const BASE = `http://127.0.0.1:${PORT}`;
const SLUG = "bench-review";
const PASSWORD = "bench-password-123";
const LABEL = { factuality: "correct", policy: "compliant", tone: 4, task_outcome: "full_success", harm: "none", notes: "benchmark" };

const ON_SERVER = process.argv.includes("--server");
const SCRATCH = "assay_bench_review";
const serverUrl = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const scratchUrl = (() => {
  const url = new URL(serverUrl);
  url.pathname = `/${SCRATCH}`;
  return url.toString();
})();
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-review-"));

async function onServerAdmin(sql: string) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}
const id = () => `c${crypto.randomBytes(12).toString("hex")}`;

async function prepare(): Promise<string[]> {
  process.env.ASSAY_DATA_DIR = dataDir;
  if (ON_SERVER) {
    await onServerAdmin(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
    await onServerAdmin(`CREATE DATABASE ${SCRATCH}`);
    process.env.DATABASE_URL = scratchUrl;
  } else delete process.env.DATABASE_URL;
  const database = await getDatabase();
  await applyPendingMigrations(database.adapterFactory);
  const db = database.prisma;
  const passwordHash = await hashPassword(PASSWORD);
  const project = await db.project.create({ data: { slug: SLUG, name: "Review benchmark" } });
  const emails: string[] = [];
  for (let r = 0; r < REVIEWERS; r++) {
    const email = `bench-reviewer-${r}@bench.test`;
    const user = await db.user.create({ data: { email, name: `Reviewer ${r}`, passwordHash } });
    await db.membership.create({ data: { projectId: project.id, userId: user.id, role: "reviewer", expertise: ["billing"] } });
    emails.push(email);
  }
  const plan = await db.auditPlan.create({ data: { projectId: project.id, version: 1, method: "fixed", methodParams: { fixedSize: REVIEWERS * ITEMS_PER_REVIEWER } } });
  const weekStart = new Date(Date.UTC(2026, 0, 5));
  const audit = await db.audit.create({
    data: { projectId: project.id, week: "2026-W02", weekStart, weekEnd: new Date(weekStart.getTime() + 7 * 86_400_000), seed: "bench", planId: plan.id, strata: [], population: 0, sampleSize: 0, dueAt: new Date(Date.now() + 7 * 86_400_000) },
  });
  const users = await db.user.findMany({ where: { email: { in: emails } }, select: { id: true } });
  const total = REVIEWERS * ITEMS_PER_REVIEWER;
  for (let start = 0; start < total; start += 1000) {
    const outputs = [];
    const items = [];
    const assignments = [];
    for (let i = start; i < Math.min(total, start + 1000); i++) {
      const outputId = crypto.randomUUID();
      const itemId = id();
      outputs.push({
        id: outputId,
        projectId: project.id,
        externalId: `bench-${i}`,
        timestamp: new Date(weekStart.getTime() + i * 1000),
        taskType: "billing",
        input: [{ role: "system", content: "You are a support assistant." }, { role: "user", content: `Why was I charged twice this month? (case ${i})` }],
        output: "I can see two charges on your account. The second one is a pending authorisation that will drop off within 3–5 business days. ".repeat(3),
        metadata: { taskType: "billing", model: "bench-model", latencyMs: 800 },
      });
      items.push({ id: itemId, projectId: project.id, auditId: audit.id, outputId, stratum: "billing", inclusionProbability: 0.05, sampleKey: String(i).padStart(8, "0"), reviewersWanted: 1 });
      assignments.push({ projectId: project.id, sampledItemId: itemId, reviewerId: users[i % users.length].id });
    }
    await db.loggedOutput.createMany({ data: outputs });
    await db.sampledItem.createMany({ data: items });
    await db.assignment.createMany({ data: assignments });
  }
  // Planner statistics for the bulk-loaded tables, as autovacuum would gather them in a running
  // deployment; without them the first seconds of the run measure the planner's guesses.
  await database.query("ANALYZE");
  await closeDatabase();
  return emails;
}

function cookieHeader(jar: Map<string, string>): string {
  return [...jar].map(([k, v]) => `${k}=${v}`).join("; ");
}

function absorb(jar: Map<string, string>, response: Response) {
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const eq = pair.indexOf("=");
    jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

async function signIn(email: string): Promise<string> {
  const jar = new Map<string, string>();
  const csrf = await fetch(`${BASE}/api/auth/csrf`);
  absorb(jar, csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await fetch(`${BASE}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookieHeader(jar) },
    body: new URLSearchParams({ email, password: PASSWORD, csrfToken, callbackUrl: "/" }),
  });
  absorb(jar, response);
  if (![...jar.keys()].some((k) => k.includes("session-token"))) throw new Error(`sign-in failed for ${email} (HTTP ${response.status})`);
  return cookieHeader(jar);
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

type Phase = { requests: number; errors: number; p50: number; p95: number; p99: number; throughput: number; appCpuMsPerRequest: number };

/**
 * Each simulated reviewer runs `step` in a loop for `seconds`. With `thinkMs` a reviewer waits a
 * random time in [thinkMs/2, 3·thinkMs/2] between steps, as a person reading the next item does;
 * without it the steps run back to back (saturation: latency is then mostly queueing).
 */
async function runPhase(
  appPid: number,
  seconds: number,
  sessions: string[],
  step: (cookie: string, state: { assignmentId: string | null }) => Promise<boolean>,
  states: { assignmentId: string | null }[],
  thinkMs = 0,
): Promise<Phase> {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  const started = performance.now();
  const cpuBefore = treeCpuMs(appPid);
  await Promise.all(
    sessions.map(async (cookie, r) => {
      // Reviewers do not start in lockstep.
      if (thinkMs) await new Promise((resolve) => setTimeout(resolve, Math.random() * thinkMs));
      while (performance.now() < until) {
        const t0 = performance.now();
        const ok = await step(cookie, states[r]).catch(() => false);
        if (ok) latencies.push(performance.now() - t0);
        else {
          errors++;
          if (!states[r].assignmentId) return;
        }
        if (thinkMs) await new Promise((resolve) => setTimeout(resolve, thinkMs * (0.5 + Math.random())));
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  // Includes what the app did in the background meanwhile (the review-event drain, jobs).
  const cpuMs = treeCpuMs(appPid) - cpuBefore;
  latencies.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    requests: latencies.length,
    errors,
    p50: round(percentile(latencies, 50)),
    p95: round(percentile(latencies, 95)),
    p99: round(percentile(latencies, 99)),
    throughput: round(latencies.length / elapsed),
    appCpuMsPerRequest: round(cpuMs / Math.max(1, latencies.length)),
  };
}

async function main() {
  console.log(`Preparing a scratch ${ON_SERVER ? `PostgreSQL database ${SCRATCH}` : `embedded database in ${dataDir}`}: ${REVIEWERS} reviewers × ${ITEMS_PER_REVIEWER} items…`);
  const emails = await prepare();
  console.log(`Starting the app on port ${PORT} (scripts/node/start.mjs, as npm start; builds first if the sources changed)…`);
  const app = spawn(process.execPath, [...APP_NODE_ARGS, ...(process.env.BENCH_PROFILE ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_PROFILE] : []), "scripts/node/start.mjs"], {
    env: { ...APP_NODE_ENV, ...process.env, PORT: String(PORT), HOSTNAME: "127.0.0.1", ASSAY_DATA_DIR: dataDir, ASSAY_DEMO: "0", DATABASE_URL: ON_SERVER ? scratchUrl : "", AUTH_SECRET: process.env.AUTH_SECRET ?? crypto.randomBytes(32).toString("hex"), NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: false,
  });
  let log = "";
  app.stdout.on("data", (d) => (log += d));
  app.stderr.on("data", (d) => (log += d));
  const stop = async () => {
    if (app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((resolve) => app.once("exit", resolve));
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (ON_SERVER) await onServerAdmin(`DROP DATABASE IF EXISTS ${SCRATCH} WITH (FORCE)`);
  };
  try {
    const deadline = Date.now() + 900_000;
    for (;;) {
      if (app.exitCode !== null) throw new Error(`the app exited:\n${log.slice(-3000)}`);
      const ok = await fetch(`${BASE}/sign-in`).then((r) => r.ok, () => false);
      if (ok) break;
      if (Date.now() > deadline) throw new Error("the app did not start in 15 minutes");
      await new Promise((r) => setTimeout(r, 1000));
    }
    const sessions = [];
    for (const email of emails) sessions.push(await signIn(email));
    const api = `${BASE}/api/v1/projects/${SLUG}/review`;

    const ping = async (cookie: string) => {
      const response = await fetch(`${api}/ping`, { headers: { cookie } });
      await response.arrayBuffer();
      return response.ok;
    };
    const states = sessions.map(() => ({ assignmentId: null as string | null }));
    for (const [r, cookie] of sessions.entries()) {
      const response = await fetch(`${api}/next`, { method: "POST", headers: { cookie } });
      const body = (await response.json()) as { item: { assignmentId: string } | null };
      if (!body.item) throw new Error(`reviewer ${r} has an empty queue`);
      states[r].assignmentId = body.item.assignmentId;
    }
    const submitNext = async (cookie: string, state: { assignmentId: string | null }) => {
      if (!state.assignmentId) return false;
      const response = await fetch(`${api}/assignments/${state.assignmentId}/label`, {
        method: "POST",
        headers: { cookie, "content-type": "application/json" },
        body: JSON.stringify({ values: LABEL, timeSpentMs: 30_000, next: true }),
      });
      const body = (await response.json()) as { next?: { assignmentId: string } | null };
      if (!response.ok) return false;
      state.assignmentId = body.next?.assignmentId ?? null;
      return true;
    };

    // Warm-up of both routes (JIT, route compilation, caches), then the measured phases: first
    // reviewers at a working pace (the target), then back to back (the capacity of this machine).
    await runPhase(app.pid!, 2, sessions, ping, states);
    await runPhase(app.pid!, 2, sessions, submitNext, states);
    const baselinePaced = await runPhase(app.pid!, SECONDS, sessions, ping, states, THINK_MS);
    const reviewPaced = await runPhase(app.pid!, SECONDS, sessions, submitNext, states, THINK_MS);
    const baseline = await runPhase(app.pid!, SECONDS, sessions, ping, states);
    const review = await runPhase(app.pid!, SECONDS, sessions, submitNext, states);

    const where = ON_SERVER ? "PostgreSQL server" : "embedded PGlite";
    console.log(`\n${REVIEWERS} concurrent reviewers, ${SECONDS} s per phase, ${where} database, ${os.cpus().length} CPUs, app and load generator on the same machine`);
    console.log(`  ${"".padEnd(40)} ${"p50".padStart(8)} ${"p95".padStart(8)} ${"p99".padStart(8)} ${"req/s".padStart(8)} ${"requests".padStart(9)} ${"errors".padStart(7)} ${"app CPU/req".padStart(12)}`);
    const rows = [
      [`baseline (GET ping), ${THINK_MS} ms think`, baselinePaced],
      [`submit + next, ${THINK_MS} ms think`, reviewPaced],
      ["baseline (GET ping), back to back", baseline],
      ["submit + next, back to back", review],
    ] as const;
    for (const [name, p] of rows) {
      console.log(`  ${name.padEnd(40)} ${p.p50.toFixed(1).padStart(6)}ms ${p.p95.toFixed(1).padStart(6)}ms ${p.p99.toFixed(1).padStart(6)}ms ${p.throughput.toFixed(1).padStart(8)} ${String(p.requests).padStart(9)} ${String(p.errors).padStart(7)} ${p.appCpuMsPerRequest.toFixed(1).padStart(10)}ms`);
    }
    const met = reviewPaced.p95 <= 50;
    console.log(`  target: submit + next p95 ≤ 50 ms with reviewers at ${THINK_MS} ms think time → ${met ? "met" : "NOT met"} (${reviewPaced.p95} ms; ${(reviewPaced.p95 / baselinePaced.p95).toFixed(2)}× the baseline's p95)`);
    console.log(`  back to back (saturation): submit + next p95 ${review.p95} ms at ${review.throughput} req/s; baseline p95 ${baseline.p95} ms at ${baseline.throughput} req/s`);
    console.log(
      JSON.stringify({
        bench: "review",
        reviewers: REVIEWERS,
        seconds: SECONDS,
        database: ON_SERVER ? "server" : "embedded",
        thinkMs: THINK_MS,
        baselinePaced,
        submitNextPaced: reviewPaced,
        baseline,
        submitNext: review,
        targetP95Ms: 50,
        targetMet: met,
      }),
    );
  } finally {
    if (process.env.BENCH_APP_LOG) fs.writeFileSync(process.env.BENCH_APP_LOG, log);
    await stop();
  }
}

await main();
