// `npm start`: scripts/start.ts, compiled ahead of time when its sources changed (start-bundle.mjs),
// run in this process with plain Node: one process that owns the database, no module loader.
// Benchmarks and the e2e servers start the app with this file too, so they measure what users run.
import { pathToFileURL } from "node:url";
import { ensureStartBundle } from "./start-bundle.mjs";

await import(pathToFileURL(ensureStartBundle()).href);
