// Whether an error means "the database cannot be reached right now" (a server restarting, a
// connection cut, a refused connect) rather than a bug or bad input. Such a request is answered
// 503 with Retry-After (lib/server/http/respond.ts): the client may retry, and the pool opens
// fresh connections once the server is back, without a restart of the app. The shapes come from
// three layers, all seen in tests/faults.int.test.ts: node's socket errors, node-postgres'
// messages and PostgreSQL's SQLSTATEs, and Prisma's wrapping of them (P1001 … with the driver
// adapter's error in meta).
import "server-only";

const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN"]);
// Class 08: connection exception; 57P01–57P03: admin/crash shutdown, cannot connect now; 53300: too many connections.
const SQLSTATES = new Set(["57P01", "57P02", "57P03", "53300"]);
const MESSAGES = /Connection terminated|connection error|timeout exceeded when trying to connect|Can't reach database server|server closed the connection/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const pending: unknown[] = [error];
  while (pending.length) {
    const current = pending.pop();
    if (!current || typeof current !== "object" || seen.has(current)) continue;
    seen.add(current);
    const e = current as { code?: unknown; kind?: unknown; originalCode?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: unknown } };
    if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
    for (const code of [e.code, e.originalCode]) {
      if (typeof code !== "string") continue;
      if (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code)) return true;
    }
    // node-postgres reports a connection cut mid-query as a plain Error with only a message.
    if (current instanceof Error && !("code" in current) && typeof e.message === "string" && MESSAGES.test(e.message)) return true;
    pending.push(e.cause, e.meta?.driverAdapterError);
  }
  return false;
}
