// `npm run assay -- export --dataset <name> --version <v> --format <f> --out <path> [--project <slug>]`:
// writes one frozen dataset version to a file, with a progress bar on stderr. Acts for the
// operator who runs it (like `draw`): no user, no permission check; the export is logged as "cli".
import fs from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { runWithDatabase } from "@/lib/server/cli/run-with-database";
import { openExport, parseExportFormat, parseVersionNumber } from "@/lib/server/datasets/exports";
import { findVersionForOperator } from "@/lib/server/cli/export-version";
import { EXPORT_FORMATS } from "@/lib/datasets/types";

const USAGE = `Usage: npm run assay -- export --dataset <name> --version <v> --format <${EXPORT_FORMATS.join("|")}> --out <path> [--project <slug>]`;

function progressBar(total: number) {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (rows: number) => {
    const now = Date.now();
    if (tty && now - last < 100 && rows < total) return;
    last = now;
    const share = total > 0 ? Math.min(1, rows / total) : 1;
    const width = 30;
    const bar = "#".repeat(Math.round(share * width)).padEnd(width, "-");
    const text = `[${bar}] ${rows.toLocaleString("en")}/${total.toLocaleString("en")} rows (${Math.round(share * 100)}%)`;
    if (tty) process.stderr.write(`\r${text}`);
    else if (rows === total || rows % 100_000 === 0) process.stderr.write(`${text}\n`);
  };
}

export async function run(args: string[]): Promise<number> {
  let options: { dataset?: string; version?: string; format?: string; out?: string; project?: string };
  try {
    options = parseArgs({ args, options: { dataset: { type: "string" }, version: { type: "string" }, format: { type: "string" }, out: { type: "string" }, project: { type: "string" } }, strict: true }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  for (const required of ["dataset", "version", "format", "out"] as const) {
    if (!options[required]) {
      console.error(`--${required} is required.\n${USAGE}`);
      return 2;
    }
  }
  const out = path.resolve(options.out!);
  const partial = `${out}.partial`;
  return runWithDatabase(async () => {
    try {
      const format = parseExportFormat(options.format);
      const versionNumber = parseVersionNumber(options.version);
      const { projectId, projectSlug, projectName, version } = await findVersionForOperator({ datasetName: options.dataset!, projectSlug: options.project, version: versionNumber });
      const progress = progressBar(version.rowCount);
      const exported = await openExport({ projectId, projectName, version, format, via: "cli", userId: null, apiKeyId: null, onProgress: progress });
      // Written to a temporary name and renamed, so a failed export never leaves a partial file behind.
      await pipeline(Readable.from(exported.body), fs.createWriteStream(partial));
      fs.renameSync(partial, out);
      if (process.stderr.isTTY) process.stderr.write("\n");
      console.log(`Wrote ${out}: ${projectSlug}/${options.dataset} v${version.version}, ${version.rowCount} rows, ${format}, sha256 ${version.sha256}`);
      return 0;
    } catch (error) {
      fs.rmSync(partial, { force: true });
      throw error;
    }
  });
}
