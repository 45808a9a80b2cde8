// `npm run db:migrate`: applies pending migrations to the configured database (DATABASE_URL, or
// the embedded one in ASSAY_DATA_DIR).
import { applyPendingMigrations } from "@/lib/server/db/schema-engine";
import { databaseOptionsFromEnv, openDatabase } from "@/lib/server/db/client";

const database = await openDatabase(databaseOptionsFromEnv());
try {
  const applied = await applyPendingMigrations(database.adapterFactory);
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
} finally {
  await database.close();
}
