// Runs in every integration test file: a private database for the file.
import { afterAll, beforeAll, inject } from "vitest";
import { openTestDatabase } from "@/lib/server/db/test-database";

let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ dispose } = await openTestDatabase(inject("testDatabase")));
});

afterAll(async () => {
  await dispose?.();
});
