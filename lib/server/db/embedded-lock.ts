// PGlite keeps the whole cluster in one process's memory and flushes it to the data folder; two
// processes that open the same folder silently lose each other's writes. An exclusive lock file
// turns that into a clear error naming the process that holds the folder.
import "server-only";
import fs from "node:fs";
import path from "node:path";

export class DataFolderLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: { pid: number; command: string; since: string },
  ) {
    super(
      `The embedded database in ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        `Only one process can open it: stop that process, use its HTTP API, or set DATABASE_URL to a PostgreSQL server.`,
    );
    this.name = "DataFolderLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock or throws DataFolderLockedError; returns the release function. */
export function lockDataFolder(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, "assay.lock");
  const holder = { pid: process.pid, command: process.argv.slice(1).join(" ").slice(0, 200), since: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, "wx");
      fs.writeSync(fd, JSON.stringify(holder));
      fs.closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          const current = JSON.parse(fs.readFileSync(lockPath, "utf8"));
          if (current.pid === process.pid) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let existing: { pid: number; command: string; since: string };
      try {
        existing = JSON.parse(fs.readFileSync(lockPath, "utf8"));
      } catch {
        existing = { pid: -1, command: "unknown", since: "unknown" };
      }
      if (existing.pid > 0 && existing.pid !== process.pid && isAlive(existing.pid)) {
        throw new DataFolderLockedError(dataDir, existing);
      }
      // The holder died without cleaning up (crash, kill -9): the lock is stale.
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock ${dataDir}: the lock file keeps reappearing.`);
}
