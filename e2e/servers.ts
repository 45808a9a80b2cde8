// The app servers the e2e run starts: one that builds the app and seeds the demo into a template
// data folder (global setup), and one per spec file on its own copy of that folder (fixtures.ts).
// Each is `npm start`'s own command (scripts/node/start.mjs: scripts/start.ts compiled ahead of
// time, run by plain Node), on the embedded database.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { APP_NODE_ARGS, APP_NODE_ENV } from "../lib/instance/node-settings";

const root = path.resolve(import.meta.dirname, "..");

/** The folders of one run; the port keeps parallel runs on one machine (E2E_PORT) apart. */
export function e2eDataDirs(port = Number(process.env.E2E_PORT ?? 3100)) {
  const base = path.join(root, ".data", `e2e-${port}`);
  return { base, template: path.join(base, "seeded"), specs: path.join(base, "specs"), logs: path.join(base, "logs") };
}

export type AppServer = { url: string; dataDir: string; stop: () => Promise<void> };

/** A free TCP port on the loopback interface (asked of the system, so parallel runs never collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts the app (scripts/node/start.mjs, as `npm start` does) on `dataDir` and resolves once /sign-in answers 200. Output goes to
 * `logFile` (and, with `echo`, to this process's stdout). stop() sends SIGTERM and waits for the
 * exit: start.ts closes PGlite then, which writes its last changes to the folder.
 */
export async function startAppServer(options: { dataDir: string; port: number; logFile: string; echo?: string; skipBuild?: boolean; readyTimeoutMs?: number }): Promise<AppServer> {
  fs.mkdirSync(path.dirname(options.logFile), { recursive: true });
  const log = fs.createWriteStream(options.logFile);
  // One node process (not npm, which does not pass SIGTERM on): the signal reaches the start
  // script itself, and its pid is the one to wait for.
  const child: ChildProcess = spawn(process.execPath, [...APP_NODE_ARGS, "scripts/node/start.mjs"], {
    cwd: root,
    env: {
      ...APP_NODE_ENV,
      ...process.env,
      ASSAY_DATA_DIR: options.dataDir,
      PORT: String(options.port),
      HOSTNAME: "127.0.0.1",
      // The embedded database, whatever the shell has set.
      DATABASE_URL: "",
      // A spec's server serves the build the seeding server made (or found up to date); a source
      // edited during the run must not make it build again in the middle of the run.
      ...(options.skipBuild ? { ASSAY_SKIP_BUILD: "1" } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code, signal) => resolve(code ?? (signal ? 128 : null))));
  for (const stream of [child.stdout!, child.stderr!]) {
    stream.on("data", (chunk: Buffer) => {
      log.write(chunk);
      if (options.echo) process.stdout.write(chunk.toString().replace(/^(?=.)/gm, options.echo));
    });
  }
  const url = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const code = await Promise.race([exited, new Promise<"timeout">((r) => setTimeout(() => r("timeout"), 30_000))]);
    if (code === "timeout") {
      child.kill("SIGKILL");
      await exited;
    }
    await new Promise((r) => log.end(r));
    if (code !== 0) throw new Error(`The app server on ${options.dataDir} did not stop cleanly (${code === "timeout" ? "killed after 30 s" : `exit code ${code}`}); see ${options.logFile}`);
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  let exitCode: number | null | undefined;
  void exited.then((code) => (exitCode = code));
  for (;;) {
    if (exitCode !== undefined) throw new Error(`The app server on ${options.dataDir} exited (code ${exitCode}) before it answered; see ${options.logFile}`);
    try {
      const response = await fetch(`${url}/sign-in`, { signal: AbortSignal.timeout(10_000) });
      if (response.status === 200) break;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The app server on ${options.dataDir} did not answer within ${Math.round((options.readyTimeoutMs ?? 120_000) / 1000)} s; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, dataDir: options.dataDir, stop };
}

/**
 * A spec's own data folder: a copy of the seeded template. The template was written by a server
 * that stopped cleanly, so it holds no lock (embedded-lock.ts removes it on exit) and PGlite's
 * files are complete; the lock file is skipped anyway, since no process holds the new copy.
 */
export function copyTemplate(template: string, target: string) {
  fs.rmSync(target, { recursive: true, force: true });
  fs.cpSync(template, target, { recursive: true, filter: (source) => path.basename(source) !== "assay.lock" });
}

/**
 * Makes the template cheap to copy. After seeding, PostgreSQL keeps about 600 MB of WAL segments
 * recycled for future use (pg_wal, beyond the segment being written), twice the size of the data.
 * They hold nothing the database needs (PostgreSQL creates a segment it finds missing), so the
 * template keeps only the segment in use and the next one (the closing checkpoint record may
 * cross into it): each copy then takes a few seconds instead of a quarter of a minute.
 */
export async function trimTemplateWal(template: string): Promise<{ removed: number }> {
  const { PGlite } = await import("@electric-sql/pglite");
  const pgdata = path.join(template, "pglite");
  const db = await PGlite.create(pgdata);
  let current: string;
  try {
    await db.exec("CHECKPOINT");
    current = (await db.query<{ f: string }>("SELECT pg_walfile_name(pg_current_wal_lsn()) AS f")).rows[0].f;
  } finally {
    await db.close();
  }
  const segment = /^([0-9A-F]{8})([0-9A-F]{16})$/;
  const [, timeline, position] = segment.exec(current)!;
  const keepUpTo = BigInt(`0x${position}`) + 1n;
  let removed = 0;
  for (const name of fs.readdirSync(path.join(pgdata, "pg_wal"))) {
    const match = segment.exec(name);
    if (!match || match[1] !== timeline || BigInt(`0x${match[2]}`) <= keepUpTo) continue;
    fs.rmSync(path.join(pgdata, "pg_wal", name));
    removed++;
  }
  return { removed };
}
