// The start script (scripts/start.ts) compiled ahead of time into one ES module, so that `npm start`
// runs it with plain `node`: under tsx the server also carried tsx's and server-only-hooks.mjs's
// module hooks, which run on a thread of their own, about 33 MB of its resident memory (decision
// 036). Plain JavaScript because it runs before anything can compile TypeScript. Our sources are
// bundled (the `@/` paths of tsconfig.json resolved); packages stay in node_modules and are loaded
// by Node, so the Next.js bundle and the start script still share one instance of each (the
// database slot on globalThis, decision 001).
import fs from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(import.meta.dirname, "../..");
/** Git-ignored; inside the checkout so that the bundle's package imports resolve to its node_modules. */
export const START_BUILD_DIR = path.join(ROOT, ".build", "start");
const BUILD_SCRIPT = path.join(import.meta.dirname, "build-start.mjs");
// Inputs that are not modules of the bundle but change what it is.
const BUILD_SETTINGS = [fileURLToPath(import.meta.url), BUILD_SCRIPT, path.join(ROOT, "tsconfig.json"), path.join(ROOT, "package.json")];

export function startBundlePaths(outDir = START_BUILD_DIR) {
  return { bundle: path.join(outDir, "start.mjs"), inputs: path.join(outDir, "inputs.json") };
}

const mtime = (file) => {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return Infinity; // a deleted input: the bundle no longer matches the sources
  }
};

/**
 * The rule of buildNeeded in lib/instance/startup.ts (for `next build`) applied to the start
 * bundle: built when missing, rebuilt when one of the files it was built from (listed beside it)
 * is as new as it or gone, never rebuilt with ASSAY_SKIP_BUILD=1 (an existing build served as is).
 */
export function startBundleNeeded({ outDir = START_BUILD_DIR, skipBuildSetting = process.env.ASSAY_SKIP_BUILD } = {}) {
  const { bundle, inputs } = startBundlePaths(outDir);
  if (!fs.existsSync(bundle) || !fs.existsSync(inputs)) return "first";
  if (skipBuildSetting === "1") return null;
  const builtAt = fs.statSync(bundle).mtimeMs;
  let files;
  try {
    files = JSON.parse(fs.readFileSync(inputs, "utf8"));
  } catch {
    return "changed";
  }
  if (!Array.isArray(files)) return "changed";
  for (const file of [...files.map((f) => path.resolve(ROOT, f)), ...BUILD_SETTINGS]) if (mtime(file) >= builtAt) return "changed";
  return null;
}

const empty = "start-bundle-empty";

/**
 * Bundles scripts/start.ts into `outDir` (start.mjs, its source map, and inputs.json: the files it
 * was made from). Written beside and renamed into place, so a server starting at the same moment
 * imports either the old bundle or the new one, never half of one. Its mtime is the time the build
 * began, so a source saved while it ran still counts as newer.
 */
export async function buildStartBundle({ outDir = START_BUILD_DIR, entry = "scripts/start.ts" } = {}) {
  const { build } = await import("esbuild");
  const began = new Date();
  const { bundle, inputs } = startBundlePaths(outDir);
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile: bundle,
    write: false,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Every package import stays an import (resolved by Node at run time); `@/…` is ours and bundled.
    packages: "external",
    // lib/server/errors.ts names errors after their class (new.target.name); bundling must not rename them.
    keepNames: true,
    // Not read unless the operator runs with NODE_OPTIONS=--enable-source-maps.
    sourcemap: "linked",
    metafile: true,
    logLevel: "warning",
    plugins: [
      {
        // `server-only` throws outside React's server environment; Next resolves it to its empty
        // `react-server` entry in server code, and so does this bundle (tsx used a module hook).
        name: "server-only",
        setup(b) {
          b.onResolve({ filter: /^server-only$/ }, () => ({ path: "server-only", namespace: empty }));
          b.onLoad({ filter: /.*/, namespace: empty }, () => ({ contents: "", loader: "js" }));
        },
      },
    ],
  });
  // esbuild resolves a package path the way a bundler does (`ajv/dist/2020` finds 2020.js); Node
  // does not add extensions, so an import it cannot load would fail only when the server runs it.
  const unresolved = [];
  for (const output of Object.values(result.metafile.outputs)) {
    for (const { path: specifier, external } of output.imports) {
      if (!external || specifier.startsWith("node:")) continue;
      let found = false;
      try {
        const url = import.meta.resolve(specifier);
        found = !url.startsWith("file:") || fs.existsSync(fileURLToPath(url));
      } catch {
        found = false;
      }
      if (!found && !unresolved.includes(specifier)) unresolved.push(specifier);
    }
  }
  if (unresolved.length) throw new Error(`Node cannot load these imports of the start script: ${unresolved.join(", ")} (name the file with its extension, e.g. "pkg/dist/x.js")`);
  const files = Object.keys(result.metafile.inputs).filter((input) => !input.startsWith(`${empty}:`));
  fs.mkdirSync(outDir, { recursive: true });
  const place = (file, contents) => {
    fs.writeFileSync(`${file}.${process.pid}`, contents);
    fs.renameSync(`${file}.${process.pid}`, file);
  };
  // The map and the list first: a bundle in place always has its own beside it.
  for (const output of result.outputFiles) if (output.path !== bundle) place(output.path, output.contents);
  place(inputs, `${JSON.stringify(files, null, 1)}\n`);
  const code = result.outputFiles.find((output) => output.path === bundle).contents;
  fs.writeFileSync(`${bundle}.${process.pid}`, code);
  fs.utimesSync(`${bundle}.${process.pid}`, began, began);
  fs.renameSync(`${bundle}.${process.pid}`, bundle);
  return { bundle, inputs: files };
}

/**
 * The bundle to run, built first if its sources changed. The build runs in a child process, so
 * esbuild (its module and its service process) never stays in the server it builds.
 */
export function ensureStartBundle() {
  const reason = startBundleNeeded();
  if (reason) {
    console.log(`${reason === "first" ? "Compiling" : "Sources changed: recompiling"} the start script into ${path.relative(process.cwd(), START_BUILD_DIR) || "."}…`);
    const result = spawnSync(process.execPath, [BUILD_SCRIPT], { stdio: "inherit" });
    if (result.status !== 0) {
      console.error("Compiling the start script failed; see above.");
      process.exit(result.status ?? 1);
    }
  }
  return startBundlePaths().bundle;
}
