// `npm start` with a malformed setting prints one clear line and exits 1, before building or
// opening a database (the check runs first, so this needs no build).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

function start(env: Record<string, string>) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-start-"));
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("ASSAY_INIT_") && key !== "DATABASE_URL"));
  // What `npm start` runs: the compiled start script (compiled here first if its sources changed).
  const result = spawnSync(process.execPath, ["scripts/node/start.mjs"], {
    env: { ...clean, NODE_ENV: "production", ASSAY_DATA_DIR: dataDir, NEXT_DIST_DIR: ".next-does-not-exist", ...env },
    encoding: "utf8",
    timeout: 60_000,
  });
  fs.rmSync(dataDir, { recursive: true, force: true });
  return result;
}

describe("npm start configuration errors", () => {
  it("names a malformed ASSAY_INIT_API_KEY in one line, without a stack trace", () => {
    const result = start({ ASSAY_INIT_ADMIN_EMAIL: "ops@example.test", ASSAY_INIT_ADMIN_PASSWORD: "a long init password", ASSAY_INIT_PROJECT_SLUG: "ops", ASSAY_INIT_API_KEY: "not-a-key" });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Configuration error: .*ASSAY_INIT_API_KEY: must look like assay_/);
    expect(result.stdout).not.toMatch(/building/i);
  });

  it("names a missing companion variable", () => {
    const result = start({ ASSAY_INIT_ADMIN_EMAIL: "ops@example.test" });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe("Configuration error: ASSAY_INIT_ADMIN_EMAIL and ASSAY_INIT_ADMIN_PASSWORD are both required for headless initialisation.");
  });
});
