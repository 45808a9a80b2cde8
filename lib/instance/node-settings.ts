// The Node.js settings the app runs with. package.json's start script spells them out (it cannot
// import this file; node-settings.test.ts keeps the two equal), and the benchmarks and e2e servers
// start the app with them, so they measure what `npm start` runs. Why these (decision 036): with
// Node's defaults a download's dead 256 KB chunks and socket buffers wait for a young-generation
// collection that a 16 MB semi-space rarely needs, so a 1M-row export peaked 63 MB above idle
// (299 MB); with a 2 MB semi-space and two malloc arenas it peaked 2 MB above (233 MB), at the
// cost of about 3 ms more CPU per review submit.

/** Flags for `node` itself (V8 reads them when it starts: they cannot be set from inside). */
export const APP_NODE_ARGS: readonly string[] = ["--max-semi-space-size=2"];

/** Environment read by the C library when the process starts (glibc's malloc arenas). */
export const APP_NODE_ENV: Readonly<Record<string, string>> = { MALLOC_ARENA_MAX: "2" };

/** The start script as package.json must spell it. */
export function startScriptCommand(): string {
  const env = Object.entries(APP_NODE_ENV).map(([k, v]) => `${k}=${v}`);
  return [...env, "node", ...APP_NODE_ARGS, "scripts/node/start.mjs"].join(" ");
}
