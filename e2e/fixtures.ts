// Every spec file runs on its own data: its own copy of the seeded demo folder (global-setup.ts)
// and its own app server, which `baseURL` points at, so `page.goto("/…")`, `request` and
// `browser.newContext()` all reach it. What one file writes no other file sees, and the result
// does not depend on the order of the files. Tests inside one file share that file's server and
// run in the file's order (what a file's later test may rely on is the file's own business).
//
// Playwright has worker and test scopes but no file scope, so a worker keeps one server and
// replaces it when a test of another file asks for its baseURL. A failed test ends its worker
// (Playwright's rule); the file's remaining tests then get a fresh copy of the template too.
import fs from "node:fs";
import path from "node:path";
import { test as base } from "@playwright/test";
import { copyTemplate, e2eDataDirs, freePort, startAppServer, type AppServer } from "./servers";

export { expect } from "@playwright/test";

class SpecServers {
  private current: { file: string; server: AppServer } | null = null;
  private started = 0;
  private readonly dirs = e2eDataDirs();

  constructor(private readonly workerIndex: number) {}

  async urlFor(file: string): Promise<string> {
    if (this.current?.file === file) return this.current.server.url;
    await this.stop();
    if (!fs.existsSync(this.dirs.template)) throw new Error(`No seeded template in ${this.dirs.template}: global-setup.ts makes it at the start of the run.`);
    const name = `${path.basename(file, ".spec.ts")}-w${this.workerIndex}-${++this.started}`;
    const dataDir = path.join(this.dirs.specs, name);
    const started = Date.now();
    copyTemplate(this.dirs.template, dataDir);
    const copied = Date.now();
    const server = await startAppServer({ dataDir, port: await freePort(), logFile: path.join(this.dirs.logs, `${name}.log`), skipBuild: true });
    this.current = { file, server };
    console.log(`[e2e] ${path.basename(file)}: own copy of the demo in ${((copied - started) / 1000).toFixed(1)} s, its server answered ${((Date.now() - copied) / 1000).toFixed(1)} s later (${server.url})`);
    return server.url;
  }

  async stop() {
    const current = this.current;
    if (!current) return;
    this.current = null;
    await current.server.stop();
    // The copy is only this file's; its log stays in the logs folder.
    fs.rmSync(current.server.dataDir, { recursive: true, force: true });
  }
}

export const test = base.extend<object, { specServers: SpecServers }>({
  specServers: [
    async ({}, use, workerInfo) => {
      const servers = new SpecServers(workerInfo.workerIndex);
      await use(servers);
      await servers.stop();
    },
    { scope: "worker", timeout: 60_000 },
  ],
  // Starting a file's server (copy, open the database, prepare Next) is not the first test's time.
  baseURL: [async ({ specServers }, use, testInfo) => use(await specServers.urlFor(testInfo.file)), { scope: "test", timeout: 180_000 }],
});
