// Issue 19, faults: a PostgreSQL address that accepts TCP connections but never answers (a
// black-holed host, a hung server, a firewall that drops packets after the handshake). node-postgres
// waits for the server's first byte without a limit unless connectionTimeoutMillis is set, so every
// request would hang. The app's pool takes DATABASE_CONNECT_TIMEOUT_MS (lib/server/db/client.ts),
// and a request is then answered like any other outage: 503 database_unavailable with Retry-After.
// The listener below is such a server; it runs in both integration runs (it is not the test database).
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { connectTimeoutFromEnv, databaseOptionsFromEnv, DEFAULT_CONNECT_TIMEOUT_MS, getDatabase, installDatabase, openDatabase, type Database } from "@/lib/server/db/client";

// The route reads no session (a bearer key); Auth.js itself needs Next's request scope.
vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));

let blackHole: net.Server;
let url = "";
const held = new Set<net.Socket>();
let accepted = 0;
let testDatabase: Database;

beforeAll(async () => {
  testDatabase = await getDatabase();
  blackHole = net.createServer((socket) => {
    // Accepts, reads whatever the client sends (its startup message), never writes a byte.
    accepted++;
    held.add(socket);
    socket.on("data", () => undefined);
    socket.on("error", () => undefined);
    socket.on("close", () => held.delete(socket));
  });
  await new Promise<void>((resolve) => blackHole.listen(0, "127.0.0.1", resolve));
  url = `postgresql://assay:secret@127.0.0.1:${(blackHole.address() as net.AddressInfo).port}/assay`;
});

afterAll(async () => {
  installDatabase(testDatabase);
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => blackHole.close(resolve));
});

/** Runs `fn` with a pool to the black hole installed as the app's database. */
async function withBlackHole<T>(options: { connectTimeoutMs?: number }, fn: (db: Database) => Promise<T>): Promise<T> {
  const saved = { url: process.env.DATABASE_URL, timeout: process.env.DATABASE_CONNECT_TIMEOUT_MS };
  process.env.DATABASE_URL = url;
  if (options.connectTimeoutMs === undefined) delete process.env.DATABASE_CONNECT_TIMEOUT_MS;
  else process.env.DATABASE_CONNECT_TIMEOUT_MS = String(options.connectTimeoutMs);
  // The app's own path from the environment to the pool (getDatabase → databaseOptionsFromEnv).
  const db = await openDatabase(databaseOptionsFromEnv());
  for (const [key, value] of Object.entries({ DATABASE_URL: saved.url, DATABASE_CONNECT_TIMEOUT_MS: saved.timeout })) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  installDatabase(db);
  try {
    return await fn(db);
  } finally {
    installDatabase(testDatabase);
    // end() waits for clients still connecting; the black hole lets them go only when destroyed.
    for (const socket of held) socket.destroy();
    await db.close();
  }
}

function ingestRequest() {
  return new Request("http://localhost/api/v1/outputs", {
    method: "POST",
    headers: { authorization: `Bearer assay_${"k".repeat(32)}`, "content-type": "application/json" },
    body: JSON.stringify([{ id: "o-1", timestamp: new Date().toISOString(), input: "q", output: "a" }]),
  });
}

describe("a database server that accepts connections and never answers", () => {
  it("is a real black hole: without a connect timeout a query is still waiting after 1.5 s", async () => {
    await withBlackHole({ connectTimeoutMs: 0 }, async (db) => {
      const before = accepted;
      const outcome = await Promise.race([
        db.query("SELECT 1").then(
          () => "answered",
          () => "failed",
        ),
        new Promise((resolve) => setTimeout(() => resolve("still waiting"), 1_500)),
      ]);
      expect(outcome).toBe("still waiting");
      expect(accepted).toBeGreaterThan(before);
    });
  });

  it("gets the request a 503 database_unavailable within the connect timeout, again on the next request", async () => {
    const { POST: ingest } = await import("@/app/api/v1/outputs/route");
    await withBlackHole({ connectTimeoutMs: 400 }, async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const started = Date.now();
        const response = await ingest(ingestRequest(), undefined);
        const elapsed = Date.now() - started;
        expect(response.status, await response.clone().text()).toBe(503);
        expect(response.headers.get("retry-after")).toBe("5");
        expect(await response.json()).toMatchObject({ error: "database_unavailable" });
        // The timeout, plus the key lookup's retry path if any; far from a hang.
        expect(elapsed).toBeGreaterThanOrEqual(350);
        expect(elapsed).toBeLessThan(5_000);
      }
    });
  });

  it("takes the timeout from DATABASE_CONNECT_TIMEOUT_MS: 5 s by default, a whole number of ms, 0 for none", () => {
    expect(connectTimeoutFromEnv(undefined)).toBe(DEFAULT_CONNECT_TIMEOUT_MS);
    expect(DEFAULT_CONNECT_TIMEOUT_MS).toBe(5_000);
    expect(connectTimeoutFromEnv("")).toBe(5_000);
    expect(connectTimeoutFromEnv("1500")).toBe(1_500);
    expect(connectTimeoutFromEnv("0")).toBe(0);
    for (const bad of ["-1", "2.5", "5s", "soon"]) expect(() => connectTimeoutFromEnv(bad), bad).toThrow(/DATABASE_CONNECT_TIMEOUT_MS/);
  });
});
