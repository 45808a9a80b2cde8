// The only module that touches Prisma's WebAssembly schema engine (an internal API, see
// docs/decisions/002-offline-migrations.md). Prisma's CLI would download a native engine for
// `migrate`, which this machine and many air-gapped installs cannot do; the Wasm engine ships
// inside an npm package and runs through the same driver adapter the app uses.
import "server-only";
import fs from "node:fs/promises";
import path from "node:path";
import { createRequire } from "node:module";
import * as engineBindings from "@prisma/schema-engine-wasm/schema_engine_bg";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";

export const SCHEMA_PATH = path.resolve(process.cwd(), "prisma/schema.prisma");
export const MIGRATIONS_DIR = path.resolve(process.cwd(), "prisma/migrations");

const noFilter = { externalTables: [] as string[], externalEnums: [] as string[] };

let engineReady: Promise<typeof SchemaEngine> | undefined;

// The package is built for bundlers (`import * as wasm from "./x.wasm"`), which Node cannot
// load; instantiate the module by hand with the bindings it imports.
function loadSchemaEngine(): Promise<typeof SchemaEngine> {
  engineReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const bytes = await fs.readFile(wasmPath);
    const { instance } = await WebAssembly.instantiate(bytes, {
      "./schema_engine_bg.js": engineBindings as unknown as WebAssembly.ModuleImports,
    });
    engineBindings.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return engineBindings.SchemaEngine as unknown as typeof SchemaEngine;
  })();
  return engineReady;
}

async function openEngine(factory: SqlMigrationAwareDriverAdapterFactory, schemaPath = SCHEMA_PATH) {
  const Engine = await loadSchemaEngine();
  const schema = await fs.readFile(schemaPath, "utf8");
  const logs: string[] = [];
  const engine = await Engine.new(
    { datamodels: [[schemaPath, schema]] },
    (log: string) => logs.push(log),
    bindMigrationAwareSqlAdapterFactory(factory),
  );
  return { engine, schema, schemaPath };
}

export async function readMigrationList(migrationsDir = MIGRATIONS_DIR): Promise<MigrationList> {
  const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => []);
  const lockPath = path.join(migrationsDir, "migration_lock.toml");
  const lockContent = await fs.readFile(lockPath, "utf8").catch(() => null);
  const migrationDirectories = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const file = path.join(migrationsDir, entry.name, "migration.sql");
    const content = await fs
      .readFile(file, "utf8")
      .then((value) => ({ tag: "ok" as const, value }))
      .catch((error: Error) => ({ tag: "error" as const, value: error.message }));
    migrationDirectories.push({ path: entry.name, migrationFile: { path: "migration.sql", content } });
  }
  return {
    baseDir: migrationsDir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    migrationDirectories,
    shadowDbInitScript: "",
  } as MigrationList;
}

/** Applies every migration not yet recorded in `_prisma_migrations`, as `prisma migrate deploy` does. */
export async function applyPendingMigrations(
  factory: SqlMigrationAwareDriverAdapterFactory,
  migrationsDir = MIGRATIONS_DIR,
): Promise<string[]> {
  const { engine } = await openEngine(factory);
  try {
    const migrationsList = await readMigrationList(migrationsDir);
    const { appliedMigrationNames } = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return appliedMigrationNames;
  } finally {
    engine.free();
  }
}

/**
 * SQL that takes the live database to the state `schema.prisma` describes; empty when they match.
 * Used to author a new migration and by the drift test.
 */
export async function diffDatabaseToSchema(factory: SqlMigrationAwareDriverAdapterFactory): Promise<string> {
  const { engine, schema, schemaPath } = await openEngine(factory);
  try {
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files: [{ path: schemaPath, content: schema }], configDir: process.cwd() },
      to: { tag: "schemaDatamodel", files: [{ path: schemaPath, content: schema }] },
      script: true,
      exitCode: null,
      filters: noFilter,
    } as never);
    return normaliseScript(result.stdout ?? "");
  } finally {
    engine.free();
  }
}

// The engine answers "-- This is an empty migration." when nothing differs.
function normaliseScript(script: string): string {
  const meaningful = script
    .split("\n")
    .filter((line) => line.trim() !== "" && !line.trim().startsWith("--"))
    .join("\n");
  return meaningful === "" ? "" : script;
}
