// Child process for the data-folder lock test: opens the embedded database in ASSAY_DATA_DIR.
import { databaseOptionsFromEnv, openDatabase } from "@/lib/server/db/client";

try {
  const database = await openDatabase(databaseOptionsFromEnv());
  console.log("opened");
  await database.close();
} catch (error) {
  console.error((error as Error).message);
  process.exit(3);
}
