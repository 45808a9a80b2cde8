import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startScriptCommand } from "./node-settings";

describe("the app's Node.js settings", () => {
  it("are the ones package.json's start script runs with", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(process.cwd(), "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe(startScriptCommand());
    expect(startScriptCommand()).toBe("MALLOC_ARENA_MAX=2 node --max-semi-space-size=2 scripts/node/start.mjs");
  });
});
