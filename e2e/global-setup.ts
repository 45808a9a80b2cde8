// Seeds the demo once per run: the app started as `npm start` starts it (servers.ts) on an empty
// embedded data folder compiles the start script and builds the app if the sources changed, seeds
// the demo project, and serves; once it answers it is stopped, and the folder it leaves is the
// template every spec file copies (fixtures.ts). Seeding takes about a minute; copying the folder
// takes about a second, so no spec has to share another's data. The spec servers (skipBuild) then
// serve that build and that compiled start script as they are.
import fs from "node:fs";
import path from "node:path";
import { e2eDataDirs, startAppServer, trimTemplateWal } from "./servers";

export default async function globalSetup() {
  const port = Number(process.env.E2E_PORT ?? 3100);
  const dirs = e2eDataDirs(port);
  // E2E_REUSE_SEED=1 keeps the last run's seeded template (iterating on one spec locally: seconds
  // instead of the seeding minute). The server below still builds if the sources changed and
  // applies pending migrations, and finds the demo there; CI never sets it.
  const reuse = process.env.E2E_REUSE_SEED === "1" && fs.existsSync(path.join(dirs.template, "pglite"));
  if (reuse) console.log(`[seed] E2E_REUSE_SEED=1: reusing the demo template in ${dirs.template}`);
  else fs.rmSync(dirs.base, { recursive: true, force: true });
  const started = Date.now();
  const server = await startAppServer({
    dataDir: dirs.template,
    port,
    logFile: path.join(dirs.logs, "seed.log"),
    echo: "[seed] ",
    // A first build and the demo seeding, on a busy two-core machine.
    readyTimeoutMs: 600_000,
  });
  await server.stop();
  if (fs.existsSync(path.join(dirs.template, "assay.lock"))) throw new Error(`The seeding server left its lock in ${dirs.template}: it did not stop cleanly.`);
  const { removed } = await trimTemplateWal(dirs.template);
  console.log(`[seed] demo template ready in ${((Date.now() - started) / 1000).toFixed(1)} s (${removed} recycled WAL segments dropped): ${dirs.template}`);
}
