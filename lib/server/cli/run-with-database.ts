// The database side of an operator command (`npm run assay -- draw | export`): open the database
// (a second process on a locked embedded data folder is told so in one line), run the command
// (which reaches the database through lib/server functions, never Prisma directly), turn the
// project's own errors into a message and an exit code, and always close the database, which
// flushes an embedded data folder.
import { closeDatabase, getDatabase } from "@/lib/server/db/client";
import { DataFolderLockedError } from "@/lib/server/db/embedded-lock";
import { AppError, ValidationError } from "@/lib/server/errors";

/** Exit codes: the command's own; 2 for bad input (each field and its message); 1 for other refusals. */
export async function runWithDatabase(command: () => Promise<number>): Promise<number> {
  try {
    await getDatabase();
  } catch (error) {
    if (error instanceof DataFolderLockedError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  try {
    return await command();
  } catch (error) {
    if (error instanceof ValidationError) {
      console.error(error.issues.map((i) => `${i.field}: ${i.message}`).join("\n"));
      return 2;
    }
    if (error instanceof AppError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await closeDatabase();
  }
}
