// Runs in every integration test file: a private database for the file.
import { afterAll, beforeAll, inject } from "vitest";
import { openTestDatabase } from "@/lib/server/db/test-database";
import { settleReviewEvents } from "@/lib/server/events/process";

let dispose: (() => Promise<void>) | undefined;

beforeAll(async () => {
  ({ dispose } = await openTestDatabase(inject("testDatabase")));
});

afterAll(async () => {
  // A drain kicked by the last writes must not outlive the file's database.
  await settleReviewEvents();
  await dispose?.();
});
