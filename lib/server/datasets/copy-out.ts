// The stored JSONL lines of a version straight out of a PostgreSQL server with COPY … TO STDOUT,
// at COPY's own rate. CSV format with a delimiter and quote character that a canonical line can
// never contain raw (JSON escapes every control character), and no CR or LF inside a line, so
// every row comes out byte for byte as `line` + "\n": exactly the JSONL file. The socket is paused
// while more than a little is waiting, so a slow download never fills the memory.
import "server-only";
import type pg from "pg";

const HIGH_WATER = 1 << 20;
const CHUNK = 256 * 1024;

type Connection = { query(sql: string): void; stream: { pause(): void; resume(): void } };

/** Chunks always end at a row's end (each COPY message is one row), so they can be split on "\n". */
export async function* copyOutVersionJsonl(pool: pg.Pool, input: { projectId: string; versionId: string; split?: string; onLines?: (count: number) => void }): AsyncIterable<Uint8Array> {
  const client = await pool.connect();
  const split = input.split === undefined ? "" : ` AND split = ${client.escapeLiteral(input.split)}`;
  const sql =
    `COPY (SELECT line FROM "DatasetRow" WHERE "projectId" = ${client.escapeLiteral(input.projectId)} AND "versionId" = ${client.escapeLiteral(input.versionId)}${split} ORDER BY ordinal) ` +
    `TO STDOUT WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')`;
  // Rows are copied into one chunk-sized buffer as they arrive (pg hands a view of its receive
  // buffer, which it reuses): one allocation per chunk instead of one per row, which at a million
  // rows is most of what the garbage collector did in an export.
  const queue: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(CHUNK);
  let filled = 0;
  let queued = 0;
  let rowsQueued = 0;
  let finished = false;
  let failure: Error | null = null;
  let connection: Connection | null = null;
  let paused = false;
  let wake: (() => void) | null = null;
  const notify = () => {
    wake?.();
    wake = null;
  };
  client.query({
    submit(c: Connection) {
      connection = c;
      c.query(sql);
    },
    handleCopyData(message: { chunk: Buffer }) {
      const row = message.chunk;
      if (filled + row.length > chunk.length) {
        if (filled > 0) queue.push(chunk.subarray(0, filled));
        chunk = Buffer.allocUnsafe(Math.max(CHUNK, row.length));
        filled = 0;
      }
      row.copy(chunk, filled);
      filled += row.length;
      queued += row.length;
      rowsQueued++;
      if (queued > HIGH_WATER && connection && !paused) {
        paused = true;
        connection.stream.pause();
      }
      if (queued >= CHUNK) notify();
    },
    handleError(error: Error) {
      failure = error;
    },
    handleReadyForQuery() {
      finished = true;
      notify();
    },
    handleCommandComplete() {},
    handleRowDescription() {},
    handleDataRow() {},
    handleEmptyQuery() {},
    handlePortalSuspended() {},
    handleCopyInResponse() {},
  } as unknown as pg.Submittable);
  let completed = false;
  try {
    for (;;) {
      if (queued < CHUNK && !finished) await new Promise<void>((resolve) => (wake = resolve));
      if (failure) throw failure;
      if (filled > 0 && (queued >= CHUNK || finished)) {
        queue.push(chunk.subarray(0, filled));
        chunk = Buffer.allocUnsafe(CHUNK);
        filled = 0;
      }
      if (queue.length > 0) {
        const parts = queue.splice(0, queue.length);
        const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts, queued);
        const lines = rowsQueued;
        queued = 0;
        rowsQueued = 0;
        if (paused && connection) {
          paused = false;
          (connection as Connection).stream.resume();
        }
        yield bytes;
        input.onLines?.(lines);
      }
      // The COPY may have finished while the last chunk was being read: its tail is still queued.
      if (finished && queue.length === 0 && filled === 0) break;
    }
    completed = true;
  } finally {
    // A download cancelled half-way leaves the COPY running: that connection is discarded.
    client.release(completed ? undefined : new Error("export cancelled"));
  }
}
