// Its own file: it needs a database with no users at all.
import { expect, it } from "vitest";
import { authenticateWithPassword, countUsers, createFirstAdmin } from "./users";
import { ConflictError } from "@/lib/server/errors";

it("creates exactly one instance admin even when two first visitors race", async () => {
  expect(await countUsers()).toBe(0);
  const results = await Promise.allSettled([
    createFirstAdmin({ email: "first@example.test", name: "First", password: "long enough pw" }),
    createFirstAdmin({ email: "second@example.test", name: "Second", password: "long enough pw" }),
  ]);
  expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
  expect(rejected.reason).toBeInstanceOf(ConflictError);
  expect(await countUsers()).toBe(1);
  const winner = (results.find((r) => r.status === "fulfilled") as PromiseFulfilledResult<{ email: string; isInstanceAdmin: boolean }>).value;
  expect(winner.isInstanceAdmin).toBe(true);
  expect((await authenticateWithPassword({ email: winner.email, password: "long enough pw" })).ok).toBe(true);
});
