// `npm run db:new -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the
// SQL that takes the existing migrations to schema.prisma. Works offline on a scratch in-memory
// database, so it never touches your data.
import fs from "node:fs/promises";
import path from "node:path";
import { applyPendingMigrations, diffDatabaseToSchema, MIGRATIONS_DIR } from "@/lib/server/db/schema-engine";
import { openDatabase } from "@/lib/server/db/client";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: npm run db:new -- <name>   (lower-case letters, digits and underscores)");
  process.exit(2);
}
const scratch = await openDatabase({ kind: "memory" });
try {
  await applyPendingMigrations(scratch.adapterFactory);
  const sql = await diffDatabaseToSchema(scratch.adapterFactory);
  if (!sql) {
    console.log("schema.prisma matches the migrations: nothing to write.");
  } else {
    const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
    const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(path.join(dir, "migration.sql"), sql);
    console.log(`Wrote ${path.relative(process.cwd(), dir)}/migration.sql`);
  }
} finally {
  await scratch.close();
}
