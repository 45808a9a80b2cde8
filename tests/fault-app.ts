// The app as a separate process for tests/faults.int.test.ts: the real route handlers (ingest,
// review claim and submit) on the app's own database path (`getDatabase()` from DATABASE_URL or
// ASSAY_DATA_DIR, exactly as `npm start` opens it), behind a plain HTTP server, so a test can kill
// it with SIGKILL in the middle of a request. Next's router is left out: it only maps the URL to
// these same handlers, and a production build would cost minutes per test run. Prints
// "listening <port>" once it serves.
import http from "node:http";
import { Readable } from "node:stream";
import type { AddressInfo } from "node:net";
import { getDatabase } from "@/lib/server/db/client";
import { POST as ingest } from "@/app/api/v1/outputs/route";
import { POST as claimNext } from "@/app/api/v1/projects/[slug]/review/next/route";
import { POST as submitLabel } from "@/app/api/v1/projects/[slug]/review/assignments/[id]/label/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const routes: [RegExp, Handler][] = [
  [/^\/api\/v1\/outputs$/, ingest as Handler],
  [/^\/api\/v1\/projects\/(?<slug>[^/]+)\/review\/next$/, claimNext as Handler],
  [/^\/api\/v1\/projects\/(?<slug>[^/]+)\/review\/assignments\/(?<id>[^/]+)\/label$/, submitLabel as Handler],
];

// Open the database before serving, as the start script does: a data folder that does not reopen fails here.
await getDatabase();

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url ?? "/", "http://localhost");
    const route = req.method === "POST" ? routes.find(([pattern]) => pattern.test(url.pathname)) : undefined;
    if (!route) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "not_found" }));
      return;
    }
    const params = { ...url.pathname.match(route[0])!.groups };
    const headers = new Headers();
    for (const [key, value] of Object.entries(req.headers)) if (typeof value === "string") headers.set(key, value);
    const request = new Request(url, { method: "POST", headers, body: Readable.toWeb(req) as ReadableStream, duplex: "half" } as RequestInit);
    const response = await route[1](request, { params: Promise.resolve(params) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${(server.address() as AddressInfo).port}`));
