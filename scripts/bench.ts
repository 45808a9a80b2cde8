// `npm run bench -- <name> [args]`: runs scripts/bench/<name>.ts. Each benchmark measures a
// baseline in the same run, prints its figures and ends with one JSON line of them.
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";

const benchDir = path.join(process.cwd(), "scripts", "bench");
const available = fs.readdirSync(benchDir).filter((f) => f.endsWith(".ts")).map((f) => f.replace(/\.ts$/, "")).sort();
const [name, ...args] = process.argv.slice(2);
if (!name || !available.includes(name)) {
  console.error(`Usage: npm run bench -- <name>\nBenchmarks: ${available.join(", ")}`);
  process.exit(2);
}
const result = spawnSync(path.join(process.cwd(), "node_modules/.bin/tsx"), ["--import", "./scripts/node/register.mjs", path.join(benchDir, `${name}.ts`), ...args], { stdio: "inherit" });
process.exit(result.status ?? 1);
