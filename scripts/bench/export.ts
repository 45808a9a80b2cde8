// `npm run bench -- export [--count N] [--port N]`
// A dataset version of N labeled rows (default 1,000,000; ~1.5 KB each, built with the real row
// builder and canonical form) is written into a scratch database of the local PostgreSQL server;
// then the app, started here (built first if its sources changed), exports it to JSONL through
// GET /api/v1/datasets/:id/versions/1 with an export-scoped key while the app's RSS is sampled;
// the download's SHA-256 must equal the version's. Baseline in the same run: `COPY (SELECT line …
// same rows, same order) TO STDOUT`. Then a client that stops reading for 5 s (the app's RSS must
// stay flat: backpressure from the HTTP response back to the database cursor), and the Parquet
// export. Idle RSS is taken after one warm-up request to the route, so the export's own increase
// is peak − idle. The app is started as `npm start` starts it (scripts/node/start.mjs: the start
// script compiled ahead of time, plain Node, with the Node.js settings of lib/instance/
// node-settings.ts), then again with Node's own defaults for comparison (decision 036). Targets
// (for the first run): JSONL ≥ 0.5× COPY, app peak RSS ≤ 256 MB.
import crypto from "node:crypto";
import os from "node:os";
import { spawn } from "node:child_process";
import pg from "pg";
import { copyFrom } from "@/lib/server/outputs/insert-outputs";
import { hashApiKey } from "@/lib/server/projects/api-keys";
import { buildDatasetRow } from "@/lib/datasets/row";
import { download, makeItem, mb, rss, sampleRss } from "./lib/export-bench";
import { CanonicalHasher, canonicalJson } from "@/lib/datasets/canonical";
import { parseDatasetDefinition } from "@/lib/datasets/definition";
import { defaultRubric } from "@/lib/review/rubric";
import { APP_NODE_ARGS, APP_NODE_ENV, startScriptCommand } from "@/lib/instance/node-settings";

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

/** Reads a few MB of the JSONL export, then stops reading for 5 s while the app's RSS is sampled. */
async function pausedClient(url: string, apiKey: string, pid: number) {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { authorization: `Bearer ${apiKey}` }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
  const reader = response.body.getReader();
  let read = 0;
  while (read < 16 * 1048576) {
    const { value, done } = await reader.read();
    if (done) break;
    read += value.length;
  }
  const before = rss(pid);
  const sampler = sampleRss(pid);
  await new Promise((r) => setTimeout(r, 5000));
  const peak = sampler.stop();
  controller.abort();
  await reader.cancel().catch(() => undefined);
  return { readMb: read / 1048576, before, peak };
}

type AppRun = { settings: string; idle: number; jsonlRate: number; jsonlPeak: number; jsonlMb: number; pausedGrowth: number; parquetRate: number; parquetPeak: number; parquetMb: number };

async function main() {
  const dbName = `assay_bench_export_${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${dbName}`;
  const apiKey = `assay_bench${crypto.randomBytes(18).toString("hex")}`;
  const authSecret = crypto.randomBytes(33).toString("base64");
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
    // "npm-start": the Node.js settings npm start runs with (lib/instance/node-settings.ts);
    // "node-defaults": Node's own, for comparison.
    const startApp = async (settings: "npm-start" | "node-defaults") => {
      const shipped = settings === "npm-start";
      console.log(`Starting the app on port ${PORT} (build dir ${DIST_DIR}, ${shipped ? `as npm start: ${startScriptCommand()}` : "Node's default memory settings"})…`);
      const env: NodeJS.ProcessEnv = {
        ...(shipped ? APP_NODE_ENV : {}), ...process.env, DATABASE_URL: url.toString(), PORT: String(PORT), HOSTNAME: "127.0.0.1", NEXT_DIST_DIR: DIST_DIR,
        ASSAY_DEMO: "0", AUTH_SECRET: authSecret, ASSAY_INIT_ADMIN_EMAIL: "bench@example.test", ASSAY_INIT_ADMIN_PASSWORD: "bench-password-123",
        ASSAY_INIT_PROJECT_SLUG: "bench", NODE_ENV: "production",
      };
      if (!shipped) for (const key of Object.keys(APP_NODE_ENV)) delete env[key];
      const child = spawn(process.execPath, [...(shipped ? APP_NODE_ARGS : []), "scripts/node/start.mjs"], {
        env,
        stdio: ["ignore", "pipe", "inherit"],
      });
      app = child;
      await new Promise<void>((resolve, reject) => {
        let out = "";
        child.stdout!.on("data", (d) => {
          out += d;
          if (out.includes("Assay is running")) resolve();
        });
        child.once("exit", (code) => reject(new Error(`the app exited (${code}) before it was ready:\n${out}`)));
      });
      return child;
    };
    const stopApp = async () => {
      if (app && app.exitCode === null) {
        app.kill("SIGTERM");
        await new Promise((r) => app!.once("exit", r));
      }
    };
    console.log(`Scratch database ${dbName}`);
    await startApp("npm-start");

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

    const base = `http://127.0.0.1:${PORT}/api/v1/datasets/bench-dataset/versions/1`;
    const measureApp = async (settings: string): Promise<AppRun> => {
      const pid = app!.pid!;
      // Warm-up: one request loads the route's code (routes load on first use), then let it settle.
      const warm = await fetch(`${base}?format=none`, { headers: { authorization: `Bearer ${apiKey}` } });
      if (warm.status !== 400) throw new Error(`warm-up request answered ${warm.status}`);
      await new Promise((r) => setTimeout(r, 3000));
      const idle = rss(pid);
      const jsonl = await download(`${base}?format=jsonl`, apiKey, pid);
      if (jsonl.lines !== COUNT) throw new Error(`JSONL export had ${jsonl.lines} lines, not ${COUNT}`);
      if (jsonl.sha256 !== sha256) throw new Error(`JSONL export hash ${jsonl.sha256} is not the version's ${sha256}`);
      const jsonlRate = COUNT / jsonl.seconds;
      console.log(`JSONL : ${COUNT.toLocaleString("en")} rows (${mb(jsonl.bytes)}) in ${jsonl.seconds.toFixed(1)} s = ${Math.round(jsonlRate).toLocaleString("en")}/s; SHA-256 matches the version`);
      console.log(`Ratio : JSONL / COPY = ${(jsonlRate / copyRate).toFixed(2)} (target ≥ 0.5); app RSS idle ${mb(idle)}, peak ${mb(jsonl.peak)} (+${mb(jsonl.peak - idle)} for the export; target ≤ 256 MB)`);
      const paused = await pausedClient(`${base}?format=jsonl`, apiKey, pid);
      const pausedGrowth = paused.peak - paused.before;
      console.log(`Paused: client read ${paused.readMb.toFixed(0)} MB then stopped for 5 s: app RSS ${mb(paused.before)} → peak ${mb(paused.peak)} (+${mb(Math.max(0, pausedGrowth))}; without backpressure it would grow by the rest of the ${mb(jsonl.bytes)})`);
      await new Promise((r) => setTimeout(r, 1000));
      const parquet = await download(`${base}?format=parquet`, apiKey, pid);
      const parquetRate = COUNT / parquet.seconds;
      console.log(`Parquet: ${COUNT.toLocaleString("en")} rows (${mb(parquet.bytes)}) in ${parquet.seconds.toFixed(1)} s = ${Math.round(parquetRate).toLocaleString("en")}/s; app RSS peak ${mb(parquet.peak)} (+${mb(parquet.peak - idle)})`);
      return { settings, idle, jsonlRate, jsonlPeak: jsonl.peak, jsonlMb: jsonl.bytes / 1048576, pausedGrowth, parquetRate, parquetPeak: parquet.peak, parquetMb: parquet.bytes / 1048576 };
    };
    console.log(`-- app as npm start runs it (${startScriptCommand()})`);
    const plain = await measureApp("npm-start");
    await stopApp();
    await startApp("node-defaults");
    console.log("-- app with Node's default memory settings (for comparison)");
    const nodeDefaults = await measureApp("node-defaults");
    const asJson = (r: AppRun) => ({
      jsonlPerSecond: Math.round(r.jsonlRate), ratio: Number((r.jsonlRate / copyRate).toFixed(3)), appIdleRssMb: Math.round(r.idle / 1048576), appPeakRssJsonlMb: Math.round(r.jsonlPeak / 1048576),
      exportIncreaseJsonlMb: Math.round((r.jsonlPeak - r.idle) / 1048576), pausedClientGrowthMb: Math.round(Math.max(0, r.pausedGrowth) / 1048576),
      parquetPerSecond: Math.round(r.parquetRate), appPeakRssParquetMb: Math.round(r.parquetPeak / 1048576),
      meetsTargets: r.jsonlRate / copyRate >= 0.5 && r.jsonlPeak <= 256 * 1048576,
    });
    console.log(
      JSON.stringify({
        bench: "export",
        count: COUNT,
        copyPerSecond: Math.round(copyRate),
        jsonlMb: Math.round(plain.jsonlMb),
        parquetMb: Math.round(plain.parquetMb),
        loadAverage: Number(os.loadavg()[0].toFixed(1)),
        npmStart: asJson(plain),
        nodeDefaults: asJson(nodeDefaults),
      }),
    );
  } finally {
    await cleanup();
  }
}

// The start script builds the app into DIST_DIR first when its sources are newer than the build.
await main();
