// `npm run assay -- <command> [options]`: operator commands. Each lives in scripts/cli/<command>.ts
// and exports `run(args: string[]): Promise<number>` (the exit code).
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const cliDir = path.join(process.cwd(), "scripts", "cli");
const commands = fs.readdirSync(cliDir).filter((f) => f.endsWith(".ts") && !f.includes(".test.")).map((f) => f.replace(/\.ts$/, "")).sort();
const [command, ...args] = process.argv.slice(2);
if (!command || !commands.includes(command)) {
  console.error(`Usage: npm run assay -- <command> [options]\nCommands: ${commands.join(", ") || "(none yet)"}`);
  process.exit(2);
}
const commandModule = (await import(pathToFileURL(path.join(cliDir, `${command}.ts`)).href)) as { run: (args: string[]) => Promise<number> };
process.exitCode = await commandModule.run(args);
