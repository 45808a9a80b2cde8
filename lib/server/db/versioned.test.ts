import { describe, expect, it } from "vitest";
import { insertNextVersion, isUniqueViolation } from "./versioned";

const taken = Object.assign(new Error("Unique constraint failed on the fields: (`projectId`,`version`)"), { code: "P2002" });

describe("insertNextVersion", () => {
  it("inserts the version after the latest, and after none inserts 1", async () => {
    expect(await insertNextVersion(async () => 4, async (v) => v)).toBe(5);
    expect(await insertNextVersion(async () => null, async (v) => v)).toBe(1);
  });

  it("reads the latest again when another save took the number", async () => {
    let latest = 1;
    const tried: number[] = [];
    const version = await insertNextVersion(
      async () => latest,
      async (v) => {
        tried.push(v);
        if (tried.length === 1) {
          latest = 2; // the other save
          throw taken;
        }
        return v;
      },
    );
    expect(tried).toEqual([2, 3]);
    expect(version).toBe(3);
  });

  it("keeps trying while other saves take the numbers, one attempt per save", async () => {
    let latest = 0;
    const tried: number[] = [];
    const version = await insertNextVersion(
      async () => latest,
      async (v) => {
        tried.push(v);
        if (v <= 5) {
          latest = v; // five other saves win in turn
          throw taken;
        }
        return v;
      },
    );
    expect(tried).toEqual([1, 2, 3, 4, 5, 6]);
    expect(version).toBe(6);
  });

  it("gives up when a collision is not explained by a newer version, and passes other errors straight on", async () => {
    let calls = 0;
    await expect(insertNextVersion(async () => 1, async () => { calls++; throw taken; })).rejects.toBe(taken);
    expect(calls).toBe(1);
    const other = new Error("connection lost");
    calls = 0;
    await expect(insertNextVersion(async () => 1, async () => { calls++; throw other; })).rejects.toBe(other);
    expect(calls).toBe(1);
  });

  it("recognises a unique violation from Prisma and from the driver", () => {
    expect(isUniqueViolation(taken)).toBe(true);
    expect(isUniqueViolation({ code: "23505" })).toBe(true);
    expect(isUniqueViolation({ meta: { code: "23505" } })).toBe(true);
    expect(isUniqueViolation(new Error("deadlock detected"))).toBe(false);
  });
});
