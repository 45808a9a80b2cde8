// Opens PostgreSQL one of two ways behind the same Prisma client: a server when DATABASE_URL is
// set, otherwise PGlite (PostgreSQL compiled to Wasm) with data in a folder, run on a worker thread
// that this process talks to over a private Unix socket (see pglite-worker.mjs). Tests use an
// in-memory PGlite in the process itself. The database is opened lazily on first use because
// `next build` imports server modules.
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaClient } from "@/generated/prisma/client";
import { preparedStatementName } from "./prepared";
import { lockDataFolder } from "./embedded-lock";

export type Database = {
  kind: "server" | "embedded";
  prisma: PrismaClient;
  /**
   * Runs SQL outside Prisma: for bulk paths where Prisma's per-row work is the bottleneck, and for
   * the review request's statements, where Prisma's per-call work was a tenth of the app's CPU.
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<{ rows: T[]; affectedRows: number }>;
  adapterFactory: SqlMigrationAwareDriverAdapterFactory;
  /** The pool behind Prisma (server, and the embedded database's worker), for COPY and other driver features. */
  pool?: pg.Pool;
  /** Present for the in-memory database of tests (the folder-backed one runs on a worker thread). */
  pglite?: PGlite;
  /** The folder-backed embedded database's thread. */
  thread?: Worker;
  close(): Promise<void>;
};

export type DatabaseOptions =
  | {
      kind: "server";
      url: string;
      poolSize?: number;
      /**
       * How long opening a connection may take (and, as node-postgres counts it, waiting for a free
       * pooled one) before the query fails; 0 or absent waits forever (tests and benchmarks that
       * open their own pools). The app's pool takes DATABASE_CONNECT_TIMEOUT_MS, see connectTimeoutFromEnv.
       */
      connectTimeoutMs?: number;
    }
  | {
      kind: "embedded";
      dataDir: string;
      /**
       * Called if the database thread stops on its own (a PGlite failure). By default the process
       * exits with an error: the app cannot serve without its database, and a supervisor, or the
       * user, starts it again on the intact data folder.
       */
      onUnexpectedStop?: (reason: string) => void;
      /** A PGlite dump (.tar.gz) to start an empty folder from (tests start from their migrated template). */
      loadDataFile?: string;
    }
  | { kind: "memory"; loadDataDir?: Blob | File };

// PostgreSQL's one-byte "char" type (catalog columns such as pg_constraint.contype) is not
// supported by @prisma/adapter-pg, and Prisma's schema engine reads exactly those columns to
// introspect a database. Reporting "char" result columns as text is lossless (both are strings)
// and lets migrations and drift checks run against a server. The app's own tables have none.
const PG_CHAR_OID = 18;
const PG_TEXT_OID = 25;
function charColumnsAsText<R>(result: R): R {
  for (const field of (result as pg.QueryResult | undefined)?.fields ?? []) {
    if (field.dataTypeID === PG_CHAR_OID) field.dataTypeID = PG_TEXT_OID;
  }
  return result;
}

/** Reports "char" columns as text (above) and sends the statements registered in prepared.ts as named (prepared) statements. */
class AssayPgClient extends pg.Client {
  // pg calls this in callback form (Pool#query) and promise form (Prisma's adapter); both are kept.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override query(...args: any[]): any {
    const config = args[0];
    if (config && typeof config === "object" && typeof config.text === "string" && !config.name) {
      const name = preparedStatementName(config.text);
      if (name) args[0] = { ...config, name };
    } else if (typeof config === "string") {
      // Pool#query(text, values, callback), as Database.query calls it.
      const name = preparedStatementName(config);
      if (name) args.splice(0, Array.isArray(args[1]) ? 2 : 1, { text: config, values: Array.isArray(args[1]) ? args[1] : undefined, name });
    }
    const callback = args[args.length - 1];
    if (typeof callback === "function") {
      return (super.query as (...a: unknown[]) => unknown)(...args.slice(0, -1), (error: Error, result: pg.QueryResult) =>
        callback(error, charColumnsAsText(result)),
      );
    }
    const pending = (super.query as (...a: unknown[]) => unknown)(...args);
    return pending instanceof Promise ? pending.then(charColumnsAsText) : pending;
  }
}

/**
 * @prisma/adapter-pg runs a migration script by splitting it on every ";", which breaks a function
 * body (plpgsql, dollar-quoted). PostgreSQL's simple query protocol runs a whole script in one
 * round trip, in one implicit transaction, so a migration also applies all or nothing.
 */
class WholeScriptPg extends PrismaPg {
  constructor(private readonly scriptPool: pg.Pool) {
    super(scriptPool);
  }

  override async connect() {
    const adapter = await super.connect();
    const convertError = (adapter as unknown as { onError(error: unknown): never }).onError.bind(adapter);
    adapter.executeScript = async (script: string) => {
      await this.scriptPool.query(script).catch(convertError);
    };
    return adapter;
  }
}

export function embeddedDataDir(): string {
  return path.resolve(/* turbopackIgnore: true */ process.env.ASSAY_DATA_DIR ?? path.join(/* turbopackIgnore: true */ process.cwd(), ".data"));
}

/** The default of DATABASE_CONNECT_TIMEOUT_MS. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/**
 * DATABASE_CONNECT_TIMEOUT_MS: without a bound, a server that accepts TCP but never answers (a
 * black-holed address, a hung host, a firewall dropping packets) leaves every request waiting on
 * its connect forever. With one, the connect fails and the request is answered 503
 * database_unavailable (unavailable.ts) like any other outage. node-postgres applies the same bound
 * to waiting for a free connection of a full pool, so an overloaded pool answers 503 too instead of
 * queueing without end. Unset or empty: 5 s; 0: no bound (node-postgres' own default).
 */
export function connectTimeoutFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === "") return DEFAULT_CONNECT_TIMEOUT_MS;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 0) throw new Error(`DATABASE_CONNECT_TIMEOUT_MS must be a whole number of milliseconds (0 for no limit), not "${value}"`);
  return ms;
}

export function databaseOptionsFromEnv(): DatabaseOptions {
  const url = process.env.DATABASE_URL;
  if (url) return { kind: "server", url, poolSize: Number(process.env.DATABASE_POOL_SIZE ?? 10), connectTimeoutMs: connectTimeoutFromEnv(process.env.DATABASE_CONNECT_TIMEOUT_MS) };
  return { kind: "embedded", dataDir: embeddedDataDir() };
}

function openPool(config: pg.PoolConfig, kind: "server" | "embedded", onClose: () => Promise<void> = async () => {}): Database {
  const pool = new pg.Pool({ ...config, Client: AssayPgClient as unknown as typeof pg.Client });
  // An idle connection the server terminates (restart, failover, DROP DATABASE … FORCE) emits
  // 'error' on the pool; without a listener that would crash the process. The pool replaces it.
  pool.on("error", (error) => console.warn(`PostgreSQL connection lost: ${error.message}`));
  // No JIT compilation in the app's sessions. PostgreSQL compiles a statement whose estimated cost
  // passes jit_above_cost, and its estimates for the ranges the scorecard and rollups pass as JSON
  // (100 rows per set-returning function) are huge: measured on the 10.4 M-output scorecard bench, a
  // tool-call count that reads 76 pages took 405 ms, 359 ms of it compiling. Every statement here is
  // an index read of at most a few hundred thousand rows, where compiling never pays. Sent first on
  // each new connection (node-postgres queues it before the connection's first query).
  if (kind === "server") pool.on("connect", (client) => void client.query("SET jit = off").catch(() => {}));
  const adapterFactory = new WholeScriptPg(pool);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind,
    prisma,
    pool,
    adapterFactory,
    async query(sql, params) {
      const result = await pool.query(sql, params as unknown[]);
      return { rows: result.rows, affectedRows: result.rowCount ?? 0 };
    },
    async close() {
      await prisma.$disconnect();
      await pool.end().catch(() => undefined);
      await onClose();
    },
  };
}

const WORKER_FILE = path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "server", "db", "pglite-worker.mjs");

function stopProcess(reason: string) {
  console.error(`${reason}. Assay stops; start it again (the data folder is intact up to the last completed request).`);
  process.exit(1);
}

/**
 * The data folder's PGlite on its own thread, reached through node-postgres over a Unix socket in
 * a private temporary folder (mode 0700, so no other local user can connect). One connection:
 * PGlite is a single session, so transactions and queries take turns as they did in-process.
 */
async function openEmbedded(dataDir: string, onUnexpectedStop: (reason: string) => void = stopProcess, loadDataFile?: string): Promise<Database> {
  const release = lockDataFolder(dataDir);
  const socketDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-db-"));
  const cleanUp = () => {
    fs.rmSync(socketDir, { recursive: true, force: true });
    release();
  };
  const worker = new Worker(WORKER_FILE, { workerData: { dataDir: path.join(dataDir, "pglite"), socketPath: path.join(socketDir, ".s.PGSQL.5432"), loadDataFile } });
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once("error", reject);
      worker.once("exit", (code) => reject(new Error(`the embedded database stopped while starting (exit code ${code})`)));
      worker.on("message", (message: { type: string; message?: string }) => {
        if (message.type === "ready") resolve();
        if (message.type === "failed") reject(new Error(`the embedded database in ${dataDir} could not be opened: ${message.message}`));
      });
    });
  } catch (error) {
    await worker.terminate();
    cleanUp();
    throw error;
  }
  worker.removeAllListeners("exit");
  worker.removeAllListeners("error");
  worker.removeAllListeners("message");
  let closing = false;
  let stopped = false;
  let failure = "";
  worker.on("message", (message: { type: string; message?: string }) => {
    if (message.type === "failed") failure = message.message ?? "";
  });
  worker.on("error", (error) => (failure ||= error.message));
  worker.on("exit", (code) => {
    stopped = true;
    if (closing) return;
    cleanUp();
    onUnexpectedStop(`The embedded database in ${dataDir} stopped unexpectedly (exit code ${code}${failure ? `: ${failure}` : ""})`);
  });
  const database = openPool({ host: socketDir, port: 5432, user: "postgres", database: "postgres", max: 1, idleTimeoutMillis: 0 }, "embedded", async () => {
    closing = true;
    if (stopped) return;
    // PGlite writes its last changes to the folder when it closes; wait for that (bounded).
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 10_000);
      worker.on("message", (message: { type: string }) => {
        if (message.type === "closed") {
          clearTimeout(timer);
          resolve();
        }
      });
      worker.postMessage({ type: "close" });
    });
    await worker.terminate();
    cleanUp();
  });
  return { ...database, thread: worker };
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  // Only the server gets the connect timeout: the embedded database is a local socket that cannot
  // black-hole, and its one connection is held for minutes by a draw or an export, which the
  // timeout's second meaning (waiting for a free connection) would turn into 503s.
  if (options.kind === "server") return openPool({ connectionString: options.url, max: options.poolSize ?? 10, connectionTimeoutMillis: options.connectTimeoutMs ?? 0 }, "server");
  if (options.kind === "embedded") return openEmbedded(options.dataDir, options.onUnexpectedStop, options.loadDataFile);

  // Loaded only here (tests): PGlite's module alone is about 40 MB of a server process's memory,
  // and the folder-backed database runs it on its own thread (pglite-worker.mjs).
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([import("@electric-sql/pglite"), import("pglite-prisma-adapter")]);
  const pglite = await PGlite.create({ loadDataDir: options.loadDataDir });
  const adapterFactory = new PrismaPGlite(pglite);
  const prisma = new PrismaClient({ adapter: adapterFactory });
  return {
    kind: "embedded",
    prisma,
    pglite,
    adapterFactory,
    async query(sql, params) {
      const result = await pglite.query(sql, params as unknown[]);
      return { rows: result.rows as never[], affectedRows: result.affectedRows ?? 0 };
    },
    async close() {
      await prisma.$disconnect();
      if (!pglite.closed) await pglite.close();
    },
  };
}

// One database per process, shared through globalThis so that the Next.js server bundle and
// the custom server (separate module graphs in one process) use the same PGlite instance.
type DatabaseSlot = { pending?: Promise<Database> };
const slot: DatabaseSlot = ((globalThis as Record<string, unknown>).__assayDatabase ??= {}) as DatabaseSlot;

export function getDatabase(): Promise<Database> {
  slot.pending ??= openDatabase(databaseOptionsFromEnv());
  return slot.pending;
}

/** Installs an already-open database as this process's database (tests, the start script). */
export function installDatabase(database: Database): void {
  slot.pending = Promise.resolve(database);
}

export async function closeDatabase(): Promise<void> {
  const pending = slot.pending;
  slot.pending = undefined;
  if (pending) await (await pending).close();
}

export async function prisma(): Promise<PrismaClient> {
  return (await getDatabase()).prisma;
}
