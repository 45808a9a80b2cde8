// Issue 12 §17: `npm run bench -- ingest` once stopped with "No build in .next-ingest … build once".
// Every benchmark must run with the README's one command. A benchmark that serves the app must
// start it as `npm start` does (scripts/node/start.mjs: scripts/start.ts compiled ahead of time, so
// it measures what users run), which builds into the benchmark's own NEXT_DIST_DIR when that
// build is missing (buildNeeded in lib/instance/startup.ts, tested beside it); none may refuse to
// run for a missing build or force ASSAY_SKIP_BUILD=1. Read from the sources: building the app in a
// unit test would take minutes.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const benchDir = path.join(import.meta.dirname, "bench");
const benches = fs
  .readdirSync(benchDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => ({ name: f.replace(/\.ts$/, ""), source: fs.readFileSync(path.join(benchDir, f), "utf8") }));

const startsApp = (source: string) => /["'`]scripts\/node\/start\.mjs["'`]/.test(source);
// The uncompiled start script under tsx carries tsx's module hooks (decision 036): not what users run.
const startsUncompiled = (source: string) => /["'`]scripts\/start\.ts["'`]/.test(source);
// Benchmarks measure the app over HTTP or call lib/server in process (those need no build).
const requestsApp = (source: string) => /\bfetch\(|http\.request\(/.test(source);

describe("every benchmark builds what it needs", () => {
  it("finds the benchmarks", () => {
    expect(benches.map((b) => b.name)).toEqual(expect.arrayContaining(["ingest", "export", "review", "sample"]));
  });

  for (const bench of benches) {
    it(`${bench.name}: does not stop for a missing build`, () => {
      for (const line of bench.source.split("\n").filter((l) => l.includes("BUILD_ID"))) {
        expect(line, "a missing build is built by scripts/start.ts, not refused").not.toMatch(/process\.exit|throw\b|return\s+\d/);
      }
      expect(bench.source).not.toMatch(/build once|npm run build first|run `?next build/i);
    });

    it(`${bench.name}: a benchmark that talks to the app starts it as npm start does, building by default`, () => {
      expect(startsUncompiled(bench.source), "starts scripts/node/start.mjs, not scripts/start.ts under tsx").toBe(false);
      if (!requestsApp(bench.source)) return;
      expect(startsApp(bench.source), "serves the app it measures (scripts/node/start.mjs builds a missing build)").toBe(true);
      expect(bench.source, "ASSAY_SKIP_BUILD is left to the caller").not.toMatch(/ASSAY_SKIP_BUILD:\s*["']1["']/);
    });

    if (startsApp(bench.source)) {
      it(`${bench.name}: builds into a build folder of its own or the caller's NEXT_DIST_DIR`, () => {
        expect(bench.source).toMatch(/NEXT_DIST_DIR/);
      });
    }
  }
});
