// `npm run bench -- export [--count N] [--port N]`
// A dataset version of N labeled rows (default 1,000,000; ~1.5 KB each, built with the real row
// builder and canonical form) is written into a scratch database of the local PostgreSQL server;
// then the app, started here, exports it to JSONL through GET /api/v1/datasets/:id/versions/1 with
// an export-scoped key while the app's RSS is sampled; the download's SHA-256 must equal the
// version's. Baseline in the same run: `COPY (SELECT line … same rows, same order) TO STDOUT`.
// Then the Parquet export of the same version. Targets: JSONL ≥ 0.5× COPY, app peak RSS ≤ 256 MB.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import pg from "pg";
import { copyFrom } from "@/lib/server/outputs/insert-outputs";
import { hashApiKey } from "@/lib/server/projects/api-keys";
import { buildDatasetRow, type SourceItem } from "@/lib/datasets/row";
import { CanonicalHasher, canonicalJson } from "@/lib/datasets/canonical";
import { parseDatasetDefinition } from "@/lib/datasets/definition";
import { defaultRubric } from "@/lib/review/rubric";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
};
const COUNT = option("count", 1_000_000);
const PORT = option("port", 3000 + 400 + (process.pid % 500));
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-export";

const TASKS = ["billing", "account_access", "refunds", "medical_questions", "financial_advice", "general"];
const WORDS = "the a refund account card charge order parcel password reset billing invoice plan upgrade cancel delivery support agent policy days business".split(" ");
const FACTUALITY = ["correct", "correct", "correct", "minor_error", "major_error"];

function makeItem(i: number): SourceItem {
  let seed = i * 2654435761;
  const words = (n: number) => {
    const out: string[] = [];
    for (let k = 0; k < n; k++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      out.push(WORDS[seed % WORDS.length]);
    }
    return out.join(" ");
  };
  const task = TASKS[i % TASKS.length];
  const values = { factuality: FACTUALITY[i % FACTUALITY.length], policy: "compliant", tone: 1 + (i % 5), task_outcome: i % 7 ? "full_success" : "failure", harm: "none", corrected_output: i % 3 ? "" : words(30) };
  const labelled = new Date(Date.UTC(2026, 0, 1) + i * 1000);
  return {
    externalId: `out-${String(i).padStart(8, "0")}`,
    timestamp: new Date(Date.UTC(2025, 0, 1) + i * 1000),
    auditWeek: "2026-W01",
    stratum: task,
    taskType: task,
    model: "gpt-4o",
    inclusionProbability: 0.05 + (i % 10) / 100,
    input: [{ role: "system", content: "You are a helpful support assistant. Be brief and accurate." }, { role: "user", content: words(45) }],
    output: { role: "assistant", content: words(50) },
    context: [{ title: "KB", text: words(20) }],
    labels: [{ reviewerId: `u${i % 9}`, reviewerName: null, values, submittedAt: labelled, rubricVersion: 1 }],
    gold: { values, source: "consensus", adjudicatorId: null, adjudicatorName: null, decidedAt: labelled, rubricVersion: 1 },
  };
}

function rss(pid: number): number {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
}
function sampleRss(pid: number) {
  let peak = rss(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rss(pid))), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, rss(pid))) };
}
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const copyText = (s: string) => s.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r");

/** COPY … TO STDOUT, counting rows and bytes as they arrive (nothing kept). */
function copyTo(client: pg.Client, sql: string): Promise<{ rows: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let bytes = 0;
    let failure: Error | null = null;
    client.query({
      submit(connection: { query(sql: string): void }) {
        connection.query(sql);
      },
      handleCopyData(message: { chunk: Buffer }) {
        bytes += message.chunk.length;
        rows++;
      },
      handleCommandComplete() {},
      handleError(error: Error) {
        failure = error;
      },
      handleReadyForQuery() {
        if (failure) reject(failure);
        else resolve({ rows, bytes });
      },
      handleRowDescription() {},
      handleDataRow() {},
      handleEmptyQuery() {},
      handlePortalSuspended() {},
      handleCopyInResponse() {},
    } as unknown as pg.Submittable);
  });
}

async function download(url: string, apiKey: string, pid: number) {
  const sampler = sampleRss(pid);
  const started = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` } });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  const hash = crypto.createHash("sha256");
  let bytes = 0;
  let lines = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    hash.update(chunk);
    bytes += chunk.length;
    for (let k = 0; k < chunk.length; k++) if (chunk[k] === 10) lines++;
  }
  const seconds = (performance.now() - started) / 1000;
  return { seconds, bytes, lines, sha256: hash.digest("hex"), peak: sampler.stop(), headers: response.headers };
}

async function main() {
  const dbName = `assay_bench_export_${process.pid}`;
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
    app = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node/register.mjs", "scripts/start.ts"], {
      env: {
        ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), HOSTNAME: "127.0.0.1", NEXT_DIST_DIR: DIST_DIR, ASSAY_SKIP_BUILD: process.env.ASSAY_SKIP_BUILD ?? "1",
        ASSAY_DEMO: "0", AUTH_SECRET: crypto.randomBytes(33).toString("base64"), ASSAY_INIT_ADMIN_EMAIL: "bench@example.test", ASSAY_INIT_ADMIN_PASSWORD: "bench-password-123",
        ASSAY_INIT_PROJECT_SLUG: "bench", NODE_ENV: "production",
      },
      stdio: ["ignore", "pipe", "inherit"],
    });
    await new Promise<void>((resolve, reject) => {
      let out = "";
      app!.stdout!.on("data", (d) => {
        out += d;
        if (out.includes("Assay is running")) resolve();
      });
      app!.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready:\n${out}`)));
    });

    // -------- the version: rows built by the real row builder, COPYed in, hashed as they go
    const db = new pg.Client({ connectionString: url.toString() });
    await db.connect();
    const projectId = (await db.query(`SELECT id FROM "Project" WHERE slug = 'bench'`)).rows[0].id as string;
    await db.query(`INSERT INTO "ApiKey" (id, "projectId", name, prefix, hash, scopes) VALUES ('bench-export-key', $1, 'bench export', $2, $3, ARRAY['export'])`, [projectId, apiKey.slice(0, 12), hashApiKey(apiKey)]);
    const definition = parseDatasetDefinition({ items: "gold", expectedDimension: "corrected_output", split: { kind: "hash", testShare: 0.2, seed: "bench" } });
    const dimensions = defaultRubric().dimensions;
    await db.query(`INSERT INTO "Dataset" (id, "projectId", name, definition, "updatedAt") VALUES ('bench-dataset', $1, 'bench', $2, now())`, [projectId, JSON.stringify(definition)]);
    await db.query(
      `INSERT INTO "DatasetVersion" (id, "projectId", "datasetId", version, definition, dimensions, splits, "rowCount", sha256) VALUES ('bench-v1', $1, 'bench-dataset', 1, $2, $3, '[]', 0, '')`,
      [projectId, JSON.stringify(definition), JSON.stringify(dimensions.map((d) => ({ key: d.key, label: d.label, kind: d.kind, ...("options" in d ? { options: d.options.map((o) => ({ value: o.value, label: o.label })) } : {}), ...(d.kind === "scale" ? { min: d.min, max: d.max } : {}) })))],
    );
    const hasher = new CanonicalHasher();
    const splits = new Map([["train", 0], ["test", 0]]);
    const buildStart = performance.now();
    function* chunks() {
      let chunk = "";
      for (let i = 0; i < COUNT; i++) {
        const row = buildDatasetRow(makeItem(i), { definition, dimensions, pseudonymSalt: "bench" })!;
        const line = canonicalJson(row);
        hasher.addLine(`${line}\n`);
        splits.set(row.split, (splits.get(row.split) ?? 0) + 1);
        chunk += `bench-v1\t${hasher.rowCount}\t${projectId}\t${row.output_id}\t${row.split}\t${copyText(line)}\n`;
        if (chunk.length > 1 << 20) {
          yield chunk;
          chunk = "";
        }
      }
      if (chunk) yield chunk;
    }
    const copied = await copyFrom(db, `COPY "DatasetRow" ("versionId", ordinal, "projectId", "outputId", split, line) FROM STDIN`, chunks());
    const sha256 = hasher.digest();
    await db.query(`UPDATE "DatasetVersion" SET "rowCount" = $1, sha256 = $2, splits = $3 WHERE id = 'bench-v1'`, [copied, sha256, JSON.stringify([...splits].map(([name, rows]) => ({ name, rows })))]);
    await db.query(`VACUUM ANALYZE "DatasetRow"`);
    const { rows: [{ size }] } = await db.query(`SELECT pg_total_relation_size('"DatasetRow"') AS size`);
    console.log(`Built : version of ${copied.toLocaleString("en")} rows in ${((performance.now() - buildStart) / 1000).toFixed(1)} s (table ${mb(Number(size))}), sha256 ${sha256}`);

    // -------- COPY baseline: the same rows, same order, straight out of the server
    const copyStart = performance.now();
    const out = await copyTo(db, `COPY (SELECT line FROM "DatasetRow" WHERE "projectId" = '${projectId}' AND "versionId" = 'bench-v1' ORDER BY ordinal) TO STDOUT`);
    const copySeconds = (performance.now() - copyStart) / 1000;
    await db.end();
    if (out.rows !== COUNT) throw new Error(`COPY gave ${out.rows} of ${COUNT} rows`);
    const copyRate = COUNT / copySeconds;
    console.log(`COPY  : ${COUNT.toLocaleString("en")} rows (${mb(out.bytes)}) in ${copySeconds.toFixed(1)} s = ${Math.round(copyRate).toLocaleString("en")}/s`);

    // -------- JSONL through the HTTP endpoint
    const base = `http://127.0.0.1:${PORT}/api/v1/datasets/bench-dataset/versions/1`;
    const idleRss = rss(app.pid!);
    const jsonl = await download(`${base}?format=jsonl`, apiKey, app.pid!);
    if (jsonl.lines !== COUNT) throw new Error(`JSONL export had ${jsonl.lines} lines, not ${COUNT}`);
    if (jsonl.sha256 !== sha256) throw new Error(`JSONL export hash ${jsonl.sha256} is not the version's ${sha256}`);
    const jsonlRate = COUNT / jsonl.seconds;
    const ratio = jsonlRate / copyRate;
    console.log(`JSONL : ${COUNT.toLocaleString("en")} rows (${mb(jsonl.bytes)}) in ${jsonl.seconds.toFixed(1)} s = ${Math.round(jsonlRate).toLocaleString("en")}/s; SHA-256 matches the version`);
    console.log(`Ratio : JSONL / COPY = ${ratio.toFixed(2)} (target ≥ 0.5); app RSS idle ${mb(idleRss)}, peak ${mb(jsonl.peak)} (target ≤ 256 MB)`);

    // -------- Parquet through the HTTP endpoint
    const parquet = await download(`${base}?format=parquet`, apiKey, app.pid!);
    const parquetRate = COUNT / parquet.seconds;
    console.log(`Parquet: ${COUNT.toLocaleString("en")} rows (${mb(parquet.bytes)}) in ${parquet.seconds.toFixed(1)} s = ${Math.round(parquetRate).toLocaleString("en")}/s; app RSS peak ${mb(parquet.peak)}`);
    console.log(
      JSON.stringify({
        bench: "export",
        count: COUNT,
        jsonlPerSecond: Math.round(jsonlRate),
        copyPerSecond: Math.round(copyRate),
        ratio: Number(ratio.toFixed(3)),
        jsonlMb: Math.round(jsonl.bytes / 1048576),
        appIdleRssMb: Math.round(idleRss / 1048576),
        appPeakRssJsonlMb: Math.round(jsonl.peak / 1048576),
        parquetPerSecond: Math.round(parquetRate),
        parquetMb: Math.round(parquet.bytes / 1048576),
        appPeakRssParquetMb: Math.round(parquet.peak / 1048576),
        meetsTargets: ratio >= 0.5 && jsonl.peak <= 256 * 1048576,
      }),
    );
  } finally {
    await cleanup();
  }
}

if (!fs.existsSync(path.join(process.cwd(), DIST_DIR, "BUILD_ID")) && process.env.ASSAY_SKIP_BUILD !== "0") {
  console.error(`No build in ${DIST_DIR}: the app is started from it. Build once with NEXT_DIST_DIR=${DIST_DIR} npx next build, or set ASSAY_SKIP_BUILD=0 to let the start script build.`);
  process.exit(2);
}
await main();
