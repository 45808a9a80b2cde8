// The embedded database's own thread. PGlite runs PostgreSQL compiled to WebAssembly, and every
// statement it executes blocks the thread it runs on; inside the app that thread is the event
// loop serving every page and API request. Here it gets a thread of its own and speaks the
// PostgreSQL wire protocol on a private Unix socket, so the app reaches it exactly as it reaches a
// PostgreSQL server (node-postgres, the same Prisma adapter) and both CPU cores do work.
//
// Plain JavaScript on purpose: a worker file is loaded by Node itself, outside tsx and the
// Next.js bundle. workerData: { dataDir, socketPath, loadDataFile? } (loadDataFile: a PGlite dump,
// .tar.gz, to start an empty folder from; tests use their migrated template).
import fs from "node:fs";
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST_CODE = 80877103;
const CANCEL_REQUEST_CODE = 80877102;

let db;
try {
  const loadDataDir = workerData.loadDataFile ? new Blob([fs.readFileSync(workerData.loadDataFile)]) : undefined;
  db = await PGlite.create(workerData.dataDir, loadDataDir ? { loadDataDir } : {});
} catch (error) {
  parentPort.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  process.exit(1);
}

// PGlite is one session: messages of all connections are executed one at a time, in order.
// PGlite reports SQL errors in the protocol; an exception here means PGlite itself failed, and
// nothing it says afterwards can be trusted: the thread reports it and ends (the app stops).
let queue = Promise.resolve();
const run = (task) =>
  (queue = queue.then(task).catch((error) => {
    parentPort.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  }));

// A PostgreSQL server gives every connection a fresh session; PGlite has one session, which
// outlives the connections that use it: their named prepared statements, an open or aborted
// transaction, SET values, advisory locks. node-postgres discards a connection after any query
// error and opens a new one that knows no prepared statements, so without a reset the new
// connection's first prepared statement failed with 42P05 "already exists", was discarded in
// turn, and every request failed until a restart. So each connection owns the session while it
// is the latest one: a new connection starts from a reset session, and a closing connection
// resets it only if it still owns it (an old connection closing must not roll back the
// transaction of the connection that replaced it).
const SYNC = new Uint8Array([0x53, 0, 0, 0, 4]);
let sessionOwner = null;
async function resetSession() {
  // A Sync ends an extended-protocol exchange that a dead connection left half done (after an
  // error the server skips messages until Sync); its ReadyForQuery reply is not for anyone.
  await db.execProtocolRaw(SYNC, { syncToFs: false });
  if (db.isInTransaction()) await db.exec("ROLLBACK");
  await db.exec("DISCARD ALL");
}

// ASSAY_DB_LOG_SLOW_MS: log each request to the embedded database that held it longer (as
// PostgreSQL's log_min_duration_statement does). Every other statement waits meanwhile, so these
// are what review requests queue behind.
const SLOW_MS = Number(process.env.ASSAY_DB_LOG_SLOW_MS ?? 0) || 0;
const decoder = new TextDecoder();
function statementOf(bytes) {
  const type = String.fromCharCode(bytes[0]);
  const body = bytes.subarray(5);
  const strings = decoder.decode(body).split("\0");
  // Query: the SQL. Parse: statement name, SQL. Bind: portal, statement name.
  if (type === "Q") return strings[0];
  if (type === "P") return strings[0] ? `${strings[0]}: ${strings[1]}` : strings[1];
  if (type === "B") return strings[1] ? `prepared ${strings[1]}` : null;
  return null;
}
function logIfSlow(batch, ms) {
  if (ms < SLOW_MS) return;
  const statements = batch.map(statementOf).filter(Boolean);
  const text = (statements.join(" | ") || "(protocol message)").replace(/\s+/g, " ").slice(0, 300);
  console.error(`[db] ${ms.toFixed(1)} ms: ${text}`);
}

/** Splits a connection's byte stream into protocol messages; the first one has no type byte. */
function frameMessages(state, chunk) {
  state.buffer = state.buffer.length ? Buffer.concat([state.buffer, chunk]) : chunk;
  const messages = [];
  for (;;) {
    const b = state.buffer;
    if (!state.started) {
      if (b.length < 8) break;
      const length = b.readInt32BE(0);
      const code = b.readInt32BE(4);
      if (b.length < length) break;
      const message = b.subarray(0, length);
      state.buffer = b.subarray(length);
      if (length === 8 && code === SSL_REQUEST_CODE) messages.push({ ssl: true });
      else if (length === 16 && code === CANCEL_REQUEST_CODE) continue; // cancelling is not supported
      else {
        state.started = true;
        messages.push({ bytes: message });
      }
      continue;
    }
    if (b.length < 5) break;
    const length = 1 + b.readInt32BE(1);
    if (b.length < length) break;
    messages.push({ bytes: b.subarray(0, length) });
    state.buffer = b.subarray(length);
  }
  return messages;
}

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  const state = { buffer: Buffer.alloc(0), started: false, startupSeen: false };
  socket.on("data", (chunk) => {
    const batch = [];
    for (const message of frameMessages(state, chunk)) {
      if (message.ssl) socket.write("N");
      // Copied: the socket may reuse its buffer before the queued batch runs.
      else batch.push(new Uint8Array(message.bytes));
    }
    if (batch.length === 0) return;
    // A client sends Parse, Bind, Describe, Execute and Sync together: answer them with one write.
    run(async () => {
      const t0 = SLOW_MS > 0 ? performance.now() : 0;
      const replies = [];
      for (const bytes of batch) {
        if (socket.destroyed) return;
        // Flushing to the folder belongs at the end of a request (Sync, a simple Query), not after every message.
        const type = state.startupSeen ? String.fromCharCode(bytes[0]) : "";
        if (!state.startupSeen) {
          await resetSession();
          sessionOwner = socket;
        }
        state.startupSeen = true;
        const reply = await db.execProtocolRaw(bytes, { syncToFs: type === "S" || type === "Q" || type === "X" });
        if (reply.length) replies.push(reply);
      }
      if (replies.length && !socket.destroyed) socket.write(replies.length === 1 ? replies[0] : Buffer.concat(replies));
      if (SLOW_MS > 0) logIfSlow(batch, performance.now() - t0);
    });
  });
  socket.on("error", () => socket.destroy());
  // A connection that dies inside a transaction must not leave the one session in it.
  socket.on("close", () =>
    run(async () => {
      if (sessionOwner !== socket) return;
      sessionOwner = null;
      if (!db.closed) await resetSession();
    }),
  );
});

server.on("error", (error) => parentPort.postMessage({ type: "failed", message: error.message }));
server.listen(workerData.socketPath, () => parentPort.postMessage({ type: "ready" }));

parentPort.on("message", (message) => {
  if (message?.type !== "close") return;
  server.close();
  run(async () => {
    await db.close();
    parentPort.postMessage({ type: "closed" });
  });
});
