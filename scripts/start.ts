// `npm start`: one process that owns the database. It builds the app if the sources changed,
// applies migrations, runs headless initialisation, seeds the demo project into an empty
// embedded database, and serves Next.js. One process matters for the embedded database: PGlite
// allows a single owner of its data folder.
import fs from "node:fs";
import path from "node:path";
import http from "node:http";
import crypto from "node:crypto";
import { spawnSync } from "node:child_process";
import next from "next";
import { closeDatabase, embeddedDataDir, getDatabase } from "@/lib/server/db/client";
import { DataFolderLockedError } from "@/lib/server/db/embedded-lock";
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { checkInitSettings, initializeInstanceFromEnv } from "@/lib/server/instance/initialize";
import { ConfigurationError } from "@/lib/server/instance/configuration-error";
import { seedDemoProject } from "@/lib/server/demo/seed-demo";
import { DEMO_PROJECT, DEMO_USERS } from "@/lib/demo/users";
import { countUsers, projectExists } from "@/lib/server/instance/census";
import { startScheduler } from "@/lib/server/audits/scheduler";
import { startJobRunner } from "@/lib/server/jobs/runner";
import { JOB_HANDLERS } from "@/lib/server/jobs/handlers";
import { buildNeeded, shouldSeedDemo, startupLines } from "@/lib/instance/startup";

const root = process.cwd();
const port = Number(process.env.PORT ?? 3000);
const hostname = process.env.HOSTNAME ?? "0.0.0.0";
const embedded = !process.env.DATABASE_URL;
// Where the Next build lives (next.config.ts reads the same variable).
const distDir = path.join(root, process.env.NEXT_DIST_DIR || ".next");

const SOURCES = ["app", "lib", "components", "public", "prisma/schema.prisma", "next.config.ts", "package.json", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(target: string): number {
  const full = path.join(root, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/**
 * Serves with the configuration the build resolved (its required-server-files.json) instead of
 * letting Next.js load next.config.ts again: loading a TypeScript config compiles it with Next's
 * native SWC module, which then stays mapped with its threads (idle RSS 283 → 236 MB on the export
 * benchmark's server, issue 17; decision 036). This is how Next's own standalone server starts. Set after the
 * build, so a build started here still reads next.config.ts.
 */
function serveWithBuiltNextConfig() {
  if (process.env.__NEXT_PRIVATE_STANDALONE_CONFIG) return;
  const file = path.join(distDir, "required-server-files.json");
  const built = JSON.parse(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
  if (!built.config) throw new Error(`${file} has no config: build again (npm run build)`);
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(built.config);
}

function buildIfNeeded() {
  const buildId = path.join(distDir, "BUILD_ID");
  const builtAt = fs.existsSync(buildId) ? fs.statSync(buildId).mtimeMs : null;
  // ASSAY_SKIP_BUILD=1 serves an existing build as is (e.g. an image built in CI).
  const reason = buildNeeded({ builtAt, sourcesChangedAt: Math.max(...SOURCES.map(newestMtime)), skipBuildSetting: process.env.ASSAY_SKIP_BUILD });
  if (!reason) return;
  console.log(reason === "changed" ? "Sources changed since the last build: building…" : "First start: building the app (a minute or two)…");
  const result = spawnSync(process.execPath, [path.join(root, "node_modules/next/dist/bin/next"), "build"], { stdio: "inherit", env: { ...process.env, NODE_ENV: "production" } });
  if (result.status !== 0) {
    console.error("The build failed; see above.");
    process.exit(result.status ?? 1);
  }
}

// Auth.js signs sessions with AUTH_SECRET. The embedded default keeps a generated one beside
// its data so sessions survive restarts; a server deployment must set it explicitly.
function ensureAuthSecret() {
  if (process.env.AUTH_SECRET) return;
  if (!embedded) {
    console.error("AUTH_SECRET is not set. Generate one (e.g. `openssl rand -base64 33`) and set it for every app instance.");
    process.exit(1);
  }
  const file = path.join(embeddedDataDir(), "auth-secret");
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(33).toString("base64"), { mode: 0o600 });
  process.env.AUTH_SECRET = fs.readFileSync(file, "utf8").trim();
}

async function main() {
  // Refuse a malformed setting before spending minutes on a build.
  checkInitSettings();
  buildIfNeeded();
  ensureAuthSecret();
  let database;
  try {
    database = await getDatabase();
  } catch (error) {
    if (error instanceof DataFolderLockedError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  console.log(embedded ? `Embedded PostgreSQL (PGlite) in ${embeddedDataDir()}` : "PostgreSQL server from DATABASE_URL");
  const applied = await applyPendingMigrations(database.adapterFactory);
  if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
  // Counted before headless initialisation, which may create the first user (issue 11).
  const usersBeforeInitialisation = await countUsers();
  const init = await initializeInstanceFromEnv();
  if (init.createdAdmin || init.createdProject || init.createdApiKey) console.log("Headless initialisation:", init);

  if (shouldSeedDemo({ embedded, demoSetting: process.env.ASSAY_DEMO, usersBeforeInitialisation })) {
    const started = Date.now();
    const report = await seedDemoProject({
      onProgress: (n) => {
        if (process.stdout.isTTY) process.stdout.write(`\rSeeding demo data: ${n.toLocaleString("en")} outputs`);
        else if (n % 20_000 === 0) console.log(`Seeding demo data: ${n.toLocaleString("en")} outputs`);
      },
    });
    if (report.seeded) {
      if (process.stdout.isTTY) process.stdout.write("\n");
      console.log(`Demo project seeded: ${report.outputs.toLocaleString("en")} outputs, ${report.users} users in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
  }
  const demoSeeded = await projectExists(DEMO_PROJECT.slug);
  const users = await countUsers();

  serveWithBuiltNextConfig();
  const app = next({ dev: false, dir: root, hostname, port });
  await app.prepare();
  const handle = app.getRequestHandler();
  // The client's address for rate limits (lib/server/auth/rate-limit.ts). A value the client sent in
  // this header is always replaced; X-Forwarded-For is believed only behind a proxy (ASSAY_TRUST_PROXY=1).
  const trustProxy = process.env.ASSAY_TRUST_PROXY === "1";
  const server = http.createServer((req, res) => {
    const forwarded = trustProxy ? String(req.headers["x-forwarded-for"] ?? "").split(",")[0].trim() : "";
    req.headers["x-assay-client-ip"] = forwarded || req.socket.remoteAddress || "unknown";
    return handle(req, res);
  });
  server.listen(port, hostname, () => {
    const lines = startupLines({ url: `http://localhost:${port}`, demoSignIns: demoSeeded ? DEMO_USERS : null, users, initialAdminEmail: process.env.ASSAY_INIT_ADMIN_EMAIL?.trim().toLowerCase() || null });
    console.log(`\n${lines.join("\n")}`);
  });

  const stopScheduler = startScheduler();
  const stopJobRunner = startJobRunner({ handlers: JOB_HANDLERS });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: shutting down…`);
    server.close();
    await stopScheduler();
    await stopJobRunner();
    // PGlite flushes its data folder on close; exiting without it can lose the last writes.
    await closeDatabase();
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

try {
  await main();
} catch (error) {
  // An operator's mistake gets one line naming the setting, not a stack trace into our code.
  if (!(error instanceof ConfigurationError)) throw error;
  console.error(`Configuration error: ${error.message}`);
  await closeDatabase().catch(() => {});
  process.exit(1);
}
