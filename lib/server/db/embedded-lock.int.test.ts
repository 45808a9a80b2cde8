import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./client";
import { DataFolderLockedError, lockDataFolder } from "./embedded-lock";

const tsx = path.resolve("node_modules/.bin/tsx");

function openInChildProcess(dataDir: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, ASSAY_DATA_DIR: dataDir };
  delete env.DATABASE_URL;
  return spawnSync(tsx, ["--import", "./scripts/node/register.mjs", "tests/open-embedded-database.ts"], { env, encoding: "utf8", timeout: 60_000 });
}

describe("the embedded data folder lock", () => {
  it("gives a second process a clear error naming the holder, and lets it in once released", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-lock-"));
    const holder = await openDatabase({ kind: "embedded", dataDir });
    await holder.prisma.$executeRawUnsafe("SELECT 1");
    const blocked = openInChildProcess(dataDir);
    expect(blocked.status).toBe(3);
    expect(blocked.stderr).toContain(`in use by process ${process.pid}`);
    expect(blocked.stderr).toContain(dataDir);
    await holder.close();
    const allowed = openInChildProcess(dataDir);
    expect(allowed.stdout).toContain("opened");
    expect(allowed.status).toBe(0);
  });

  it("refuses while another live process holds the lock", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-lock-"));
    // The test runner's parent process is alive and is not this process.
    fs.writeFileSync(path.join(dataDir, "assay.lock"), JSON.stringify({ pid: process.ppid, command: "other", since: "earlier" }));
    expect(() => lockDataFolder(dataDir)).toThrow(DataFolderLockedError);
  });

  it("takes over a stale lock left by a process that died", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-lock-"));
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
    fs.writeFileSync(path.join(dataDir, "assay.lock"), JSON.stringify({ pid: Number(dead.stdout.trim()), command: "crashed", since: "earlier" }));
    const release = lockDataFolder(dataDir);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, "assay.lock"), "utf8")).pid).toBe(process.pid);
    release();
    expect(fs.existsSync(path.join(dataDir, "assay.lock"))).toBe(false);
  });
});
