// `npm run bench -- export-embedded [--count N] [--port N]`
// On the embedded database (PGlite, one session shared by every request), an export must leave
// room for reviewers: its keyset batches are short, and other requests run between them. A data
// folder gets a version of N rows (default 50,000; the same rows as `export`); the app, started
// here on that folder, answers a probe request again and again (an API-key request that reads the
// database: key lookup, then the version, a 404) while nothing else runs (the baseline), then while
// a JSONL export of the version downloads. Printed: the probe's latency (median, p95, max) in both
// phases and the export rate; the target is that the export adds no more than ~50 ms to a probe.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { openDatabase } from "@/lib/server/db/client";
import { hashApiKey } from "@/lib/server/projects/api-keys";
import { buildDatasetRow } from "@/lib/datasets/row";
import { CanonicalHasher, canonicalJson } from "@/lib/datasets/canonical";
import { parseDatasetDefinition } from "@/lib/datasets/definition";
import { defaultRubric } from "@/lib/review/rubric";
import { download, makeItem, mb } from "./lib/export-bench";
import { APP_NODE_ARGS, APP_NODE_ENV } from "@/lib/instance/node-settings";

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number`);
  return value;
};
const COUNT = option("count", 50_000);
const PORT = option("port", 3000 + 400 + (process.pid % 500));
const DIST_DIR = process.env.NEXT_DIST_DIR ?? ".next-export";
const INSERT_BATCH = 1000;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
function summary(latencies: number[]) {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, p50: quantile(sorted, 0.5), p95: quantile(sorted, 0.95), max: sorted.at(-1)! };
}
const ms = (s: { n: number; p50: number; p95: number; max: number }) => `${s.n} probes: median ${s.p50.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-bench-embedded-"));
  const apiKey = `assay_bench${crypto.randomBytes(18).toString("hex")}`;
  let app: ReturnType<typeof spawn> | undefined;
  const startApp = async () => {
    const child = spawn(process.execPath, [...APP_NODE_ARGS, "scripts/node/start.mjs"], {
      env: { ...APP_NODE_ENV,
        ...process.env, DATABASE_URL: "", ASSAY_DATA_DIR: dataDir, PORT: String(PORT), HOSTNAME: "127.0.0.1", NEXT_DIST_DIR: DIST_DIR, ASSAY_DEMO: "0",
        ASSAY_INIT_ADMIN_EMAIL: "bench@example.test", ASSAY_INIT_ADMIN_PASSWORD: "bench-password-123", ASSAY_INIT_PROJECT_SLUG: "bench", NODE_ENV: "production",
      },
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
  };
  const stopApp = async () => {
    if (app && app.exitCode === null) {
      app.kill("SIGTERM");
      await new Promise((r) => app!.once("exit", r));
    }
  };
  try {
    // -------- the folder: migrated and initialised by the app itself, then the version written in
    console.log(`Data folder ${dataDir}; first start of the app on port ${PORT} (migrations, headless initialisation)…`);
    await startApp();
    await stopApp();
    const database = await openDatabase({ kind: "embedded", dataDir });
    const buildStart = performance.now();
    let sha256: string;
    try {
      const projectId = (await database.query<{ id: string }>(`SELECT id FROM "Project" WHERE slug = 'bench'`)).rows[0].id;
      await database.query(`INSERT INTO "ApiKey" (id, "projectId", name, prefix, hash, scopes) VALUES ('bench-export-key', $1, 'bench export', $2, $3, ARRAY['export'])`, [projectId, apiKey.slice(0, 12), hashApiKey(apiKey)]);
      const definition = parseDatasetDefinition({ items: "gold", expectedDimension: "corrected_output", split: { kind: "hash", testShare: 0.2, seed: "bench" } });
      const dimensions = defaultRubric().dimensions;
      await database.query(`INSERT INTO "Dataset" (id, "projectId", name, definition, "updatedAt") VALUES ('bench-dataset', $1, 'bench', $2, now())`, [projectId, JSON.stringify(definition)]);
      await database.query(`INSERT INTO "DatasetVersion" (id, "projectId", "datasetId", version, definition, dimensions, splits, "rowCount", sha256) VALUES ('bench-v1', $1, 'bench-dataset', 1, $2, '[]', '[]', 0, '')`, [projectId, JSON.stringify(definition)]);
      const hasher = new CanonicalHasher();
      for (let start = 0; start < COUNT; start += INSERT_BATCH) {
        const batch: { outputId: string; split: string; line: string }[] = [];
        for (let i = start; i < Math.min(COUNT, start + INSERT_BATCH); i++) {
          const row = buildDatasetRow(makeItem(i), { definition, dimensions, pseudonymSalt: "bench" })!;
          const line = canonicalJson(row);
          hasher.addLine(`${line}\n`);
          batch.push({ outputId: row.output_id, split: row.split, line });
        }
        await database.query(
          `INSERT INTO "DatasetRow" ("versionId", ordinal, "projectId", "outputId", split, line)
           SELECT 'bench-v1', $1::int + r.n, $2, r."outputId", r.split, r.line FROM unnest($3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS r("outputId", split, line, n)`,
          [start, projectId, batch.map((r) => r.outputId), batch.map((r) => r.split), batch.map((r) => r.line)],
        );
      }
      sha256 = hasher.digest();
      await database.query(`UPDATE "DatasetVersion" SET "rowCount" = $1, sha256 = $2, splits = '[]' WHERE id = 'bench-v1'`, [hasher.rowCount, sha256]);
    } finally {
      await database.close();
    }
    console.log(`Built : version of ${COUNT.toLocaleString("en")} rows in ${((performance.now() - buildStart) / 1000).toFixed(1)} s, sha256 ${sha256}`);

    await startApp();
    const base = `http://127.0.0.1:${PORT}/api/v1/datasets/bench-dataset/versions`;
    const probe = async () => {
      const started = performance.now();
      const response = await fetch(`${base}/999999?format=jsonl`, { headers: { authorization: `Bearer ${apiKey}` } });
      await response.arrayBuffer();
      if (response.status !== 404) throw new Error(`the probe answered ${response.status}`);
      return performance.now() - started;
    };
    // Warm-up (the route's code loads on first use), then the baseline with nothing else running.
    for (let i = 0; i < 20; i++) await probe();
    const idle: number[] = [];
    const idleUntil = performance.now() + 5000;
    while (performance.now() < idleUntil) {
      idle.push(await probe());
      await new Promise((r) => setTimeout(r, 10));
    }
    const baseline = summary(idle);
    console.log(`Idle  : ${ms(baseline)}`);

    const during: number[] = [];
    let exporting = true;
    const probing = (async () => {
      while (exporting) {
        const latency = await probe();
        if (exporting) during.push(latency);
        await new Promise((r) => setTimeout(r, 10));
      }
    })();
    const jsonl = await download(`${base}/1?format=jsonl`, apiKey, app!.pid!);
    exporting = false;
    await probing;
    if (jsonl.lines !== COUNT || jsonl.sha256 !== sha256) throw new Error(`the export had ${jsonl.lines} lines, sha256 ${jsonl.sha256}; expected ${COUNT}, ${sha256}`);
    const busy = summary(during);
    const rate = COUNT / jsonl.seconds;
    console.log(`Export: ${COUNT.toLocaleString("en")} rows (${mb(jsonl.bytes)}) in ${jsonl.seconds.toFixed(1)} s = ${Math.round(rate).toLocaleString("en")}/s; SHA-256 matches the version`);
    console.log(`During: ${ms(busy)}; added to the probe: median +${(busy.p50 - baseline.p50).toFixed(1)} ms, p95 +${(busy.p95 - baseline.p95).toFixed(1)} ms, max +${(busy.max - baseline.max).toFixed(1)} ms (target ≤ ~50 ms)`);
    console.log(
      JSON.stringify({
        bench: "export-embedded", count: COUNT, jsonlPerSecond: Math.round(rate), loadAverage: Number(os.loadavg()[0].toFixed(1)),
        idleProbeMs: { p50: Number(baseline.p50.toFixed(1)), p95: Number(baseline.p95.toFixed(1)), max: Number(baseline.max.toFixed(1)), n: baseline.n },
        exportProbeMs: { p50: Number(busy.p50.toFixed(1)), p95: Number(busy.p95.toFixed(1)), max: Number(busy.max.toFixed(1)), n: busy.n },
        addedP95Ms: Number((busy.p95 - baseline.p95).toFixed(1)),
        meetsTarget: busy.p95 - baseline.p95 <= 50,
      }),
    );
  } finally {
    await stopApp();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
