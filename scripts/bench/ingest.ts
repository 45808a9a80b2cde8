// `npm run bench -- ingest [--count N] [--batch N] [--concurrency N] [--stream-mb N]`
// Loads N generated outputs (~1 KB each) through the real HTTP API of a running app (started
// here on a scratch database of the local PostgreSQL server), then the same rows with COPY into
// a scratch table of the same shape (indexes included) in the same database, and compares the
// rates, with the population checks (issue 13) all off and then all on. Then one NDJSON request of --stream-mb MB shows whether the server's memory stays flat.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import pg from "pg";
import { copyFrom, copyTextLine, COPY_COLUMNS, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { APP_NODE_ARGS, APP_NODE_ENV } from "@/lib/instance/node-settings";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
};
const COUNT = option("count", 1_000_000);
const BATCH = option("batch", 5000);
const CONCURRENCY = option("concurrency", 2);
const STREAM_MB = option("stream-mb", 500);
const PORT = option("port", 3000 + 400 + (process.pid % 500));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-ingest";

const TASKS = ["billing", "account_access", "refunds", "medical_questions", "financial_advice", "general"];
const WORDS = "the a refund account card charge order parcel password reset billing invoice plan upgrade cancel delivery support agent policy days business".split(" ");

/** A deterministic ~1 KB record. */
function makeRecord(prefix: string, i: number) {
  let seed = i * 2654435761;
  const words = (n: number) => {
    const out: string[] = [];
    for (let k = 0; k < n; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      out.push(WORDS[seed % WORDS.length]);
    }
    return out.join(" ");
  };
  return {
    id: `${prefix}-${i}`,
    timestamp: new Date(Date.UTC(2025, 0, 1) + i * 1000).toISOString(),
    input: [
      { role: "system", content: "You are a helpful support assistant. Be brief and accurate." },
      { role: "user", content: words(45) },
    ],
    // Billing answers are JSON (validated against a schema when checks are on), the rest text.
    output: { role: "assistant", content: i % TASKS.length === 0 ? JSON.stringify({ answer: words(45), refund: i % 7 === 0, days: i % 30 }) : words(50) },
    metadata: { model: "gpt-4o", modelVersion: "gpt-4o-2024-08-06", taskType: TASKS[i % TASKS.length], latencyMs: 800 + (i % 400), costUsd: 0.0021, tokensIn: 180, tokensOut: 90, userSegment: i % 3 ? "free" : "pro", tags: ["bench"] },
    signals: [{ name: "judge", value: (i % 100) / 100, source: "llm-judge" }],
  };
}

function rss(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}

/** Samples a process's RSS every 100 ms until stopped; returns the peak. */
function sampleRss(pid: number) {
  let peak = rss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 100);
  return { stop: () => (clearInterval(timer), Math.max(peak, rss(pid))) };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main() {
  const dbName = `assay_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const apiKey = `assay_bench${crypto.randomBytes(18).toString("hex")}`;
  let app: ReturnType<typeof spawn> | undefined;
  const cleanup = async () => {
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app!.once("exit", r));
    }
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  };
  try {
    console.log(`Scratch database ${dbName}; starting the app on port ${PORT} (build dir ${DIST_DIR})…`);
    app = spawn(process.execPath, [...APP_NODE_ARGS, "scripts/node/start.mjs"], {
      env: { ...APP_NODE_ENV,
        ...process.env,
        DATABASE_URL: url.toString(),
        PORT: String(PORT),
        HOSTNAME: "127.0.0.1",
        NEXT_DIST_DIR: DIST_DIR,
        // The start script builds into DIST_DIR first when the build is missing or older than the
        // sources (one command, like every benchmark); ASSAY_SKIP_BUILD=1 serves an existing build as is.
        ASSAY_SKIP_BUILD: process.env.ASSAY_SKIP_BUILD ?? "0",
        ASSAY_DEMO: "0",
        AUTH_SECRET: crypto.randomBytes(33).toString("base64"),
        ASSAY_INIT_ADMIN_EMAIL: "bench@example.test",
        ASSAY_INIT_ADMIN_PASSWORD: "bench-password-123",
        ASSAY_INIT_PROJECT_SLUG: "bench",
        ASSAY_INIT_API_KEY: apiKey,
        NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      let out = "";
      app!.stdout!.on("data", (d) => {
        out += d;
        // The build (first run, or sources changed) takes minutes: show its progress.
        if (!out.includes("Assay is running")) process.stdout.write(String(d).replace(/^(?=.)/gm, "  [app] "));
        if (out.includes("Assay is running")) resolve();
      });
      app!.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready:\n${out}`)));
    });
    const base = `http://127.0.0.1:${PORT}`;
    const post = async (body: BodyInit, init: RequestInit = {}) => {
      const response = await fetch(`${base}/api/v1/outputs?project=bench`, { method: "POST", headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/x-ndjson" }, body, ...init });
      if (!response.ok) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
      return (await response.json()) as { accepted: number; duplicates: number; rejected: number };
    };
    await post("");

    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const projectId = (await db.query(`SELECT id FROM "Project" WHERE slug = 'bench'`)).rows[0].id as string;
    // Population checks (issue 13): first all off, then all on (version 2), each over COUNT outputs.
    const setChecks = (version: number, settings: unknown) =>
      db.query(
        `INSERT INTO "OutputCheckSettings" ("projectId", "version", "settings", "backfillDoneAt", "updatedAt") VALUES ($1, $2, $3::jsonb, now(), now())
         ON CONFLICT ("projectId") DO UPDATE SET "version" = excluded."version", "settings" = excluded."settings"`,
        [projectId, version, JSON.stringify(settings)],
      );
    const ALL_CHECKS_ON = {
      format: [{ taskType: "billing", format: "json", schema: { type: "object", required: ["answer", "refund", "days"], properties: { answer: { type: "string" }, refund: { type: "boolean" }, days: { type: "integer", minimum: 0 } } } }],
      refusal: { enabled: true, signal: "refusal", phrases: ["I can't help with", "I cannot help with", "I'm unable to", "I am unable to", "I cannot assist"] },
      escalated: { key: "escalated", equals: true },
      overridden: { key: "human_action", equals: "override" },
      intervened: { key: "human_action", equals: "intervention" },
      approved: { key: "approval", equals: "approved" },
      latencySlaMs: { default: 1000, byTaskType: { billing: 1100 } },
      costBudgetUsd: { default: 0.002, byTaskType: {} },
    };

    // -------- API: NDJSON batches, CONCURRENCY requests in flight
    const idleRss = rss(app.pid!);
    let bytes = 0;
    const apiRss = sampleRss(app.pid!);
    const loadThroughApi = async (prefix: string) => {
      const apiStart = performance.now();
      let accepted = 0;
      let next = 0;
      bytes = 0;
      const worker = async () => {
        while (next < COUNT) {
          const from = next;
          next = Math.min(COUNT, next + BATCH);
          let body = "";
          for (let i = from; i < next; i++) body += JSON.stringify(makeRecord(prefix, i)) + "\n";
          bytes += Buffer.byteLength(body);
          const result = await post(body);
          if (result.rejected) throw new Error(`${result.rejected} generated records were rejected`);
          accepted += result.accepted;
        }
      };
      await Promise.all(Array.from({ length: CONCURRENCY }, worker));
      const seconds = (performance.now() - apiStart) / 1000;
      if (accepted !== COUNT) throw new Error(`API stored ${accepted} of ${COUNT}`);
      return { seconds, rate: COUNT / seconds };
    };
    await setChecks(1, { refusal: { enabled: false } });
    const off = await loadThroughApi("b");
    console.log(`API, checks off: ${COUNT.toLocaleString("en")} outputs (${mb(bytes)}, ${(bytes / COUNT).toFixed(0)} B each) in ${off.seconds.toFixed(1)} s = ${Math.round(off.rate).toLocaleString("en")}/s (batches of ${BATCH}, ${CONCURRENCY} in flight)`);
    await setChecks(2, ALL_CHECKS_ON);
    const on = await loadThroughApi("c");
    console.log(`API, checks on : ${COUNT.toLocaleString("en")} outputs in ${on.seconds.toFixed(1)} s = ${Math.round(on.rate).toLocaleString("en")}/s (format + JSON Schema on billing, refusal, 4 metadata flags, SLA, budget)`);
    const checked = (await db.query(`SELECT count("formatValid") AS f, count(*) FILTER (WHERE "overLatencySla") AS s FROM "LoggedOutput" WHERE "externalId" LIKE 'c-%'`)).rows[0];
    if (Number(checked.f) === 0 || Number(checked.s) === 0) throw new Error("checks were not computed in the checks-on run");
    const apiPeak = apiRss.stop();
    const apiRate = on.rate;

    // -------- COPY: the same rows into a table shaped like LoggedOutput (same indexes)
    await db.query(`CREATE TABLE bench_copy (LIKE "LoggedOutput" INCLUDING DEFAULTS INCLUDING INDEXES)`);
    const copyStart = performance.now();
    function* copyChunks() {
      let chunk = "";
      for (let i = 0; i < COUNT; i++) {
        const r = makeRecord("b", i);
        const row: LoggedOutputRow = { externalId: r.id, timestamp: new Date(r.timestamp), taskType: r.metadata.taskType, model: r.metadata.model, input: r.input, output: r.output, context: null, metadata: r.metadata, signals: r.signals, redactions: 0 };
        chunk += copyTextLine(projectId, row);
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk) yield chunk;
    }
    const copied = await copyFrom(db, `COPY bench_copy (${COPY_COLUMNS}) FROM STDIN`, copyChunks());
    const copySeconds = (performance.now() - copyStart) / 1000;
    await db.end();
    if (copied !== COUNT) throw new Error(`COPY stored ${copied} of ${COUNT}`);
    const copyRate = COUNT / copySeconds;
    console.log(`COPY  : ${COUNT.toLocaleString("en")} rows in ${copySeconds.toFixed(1)} s = ${Math.round(copyRate).toLocaleString("en")}/s (one COPY FROM STDIN, text format, same client-side JSON work)`);
    const ratio = apiRate / copyRate;
    const ratioOff = off.rate / copyRate;
    console.log(`Ratio : API / COPY = ${ratio.toFixed(2)} with checks on, ${ratioOff.toFixed(2)} with checks off (target ≥ 0.5)`);

    // -------- one large streamed NDJSON request: memory must stay flat
    let streamPeak = 0;
    let streamRecords = 0;
    let streamSeconds = 0;
    if (STREAM_MB > 0) {
      const target = STREAM_MB * 1024 * 1024;
      const before = rss(app.pid!);
      const sampler = sampleRss(app.pid!);
      const started = performance.now();
      let sent = 0;
      const stream = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent >= target) return controller.close();
          let text = "";
          for (let k = 0; k < 500; k++) text += JSON.stringify(makeRecord("s", streamRecords++)) + "\n";
          const chunk = new TextEncoder().encode(text);
          sent += chunk.length;
          controller.enqueue(chunk);
        },
      });
      const result = await post(stream, { duplex: "half" } as RequestInit);
      streamSeconds = (performance.now() - started) / 1000;
      streamPeak = sampler.stop();
      if (result.accepted !== streamRecords) throw new Error(`stream stored ${result.accepted} of ${streamRecords}`);
      console.log(`Stream: one NDJSON request of ${mb(sent)} (${streamRecords.toLocaleString("en")} records) in ${streamSeconds.toFixed(1)} s; server RSS ${mb(before)} before, peak ${mb(streamPeak)} during`);
    }
    console.log(`Server RSS: idle ${mb(idleRss)}, peak during API batches ${mb(apiPeak)}; bench process peak ${mb(process.resourceUsage().maxRSS * 1024)}`);
    console.log(
      JSON.stringify({
        bench: "ingest",
        count: COUNT,
        batch: BATCH,
        concurrency: CONCURRENCY,
        bytesPerRecord: Math.round(bytes / COUNT),
        apiPerSecond: Math.round(apiRate),
        apiPerSecondChecksOff: Math.round(off.rate),
        copyPerSecond: Math.round(copyRate),
        ratio: Number(ratio.toFixed(3)),
        ratioChecksOff: Number(ratioOff.toFixed(3)),
        serverIdleRssMb: Math.round(idleRss / 1048576),
        serverPeakRssApiMb: Math.round(apiPeak / 1048576),
        streamMb: STREAM_MB,
        streamRecords,
        serverPeakRssStreamMb: Math.round(streamPeak / 1048576),
      }),
    );
  } finally {
    await cleanup();
  }
}

if (!fs.existsSync(path.join(process.cwd(), DIST_DIR, "BUILD_ID"))) console.log(`No build in ${DIST_DIR} yet: the app builds there first (a few minutes, once).`);
await main();
