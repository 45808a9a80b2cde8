import { describe, expect, it } from "vitest";
import { preparedStatement, preparedStatementName } from "./prepared";

describe("preparedStatement", () => {
  it("names a registered text and nothing else", () => {
    const text = preparedStatement("test_named_lookup", "SELECT $1::int AS one");
    expect(text).toBe("SELECT $1::int AS one");
    expect(preparedStatementName("SELECT $1::int AS one")).toBe("test_named_lookup");
    expect(preparedStatementName("SELECT $1::int AS two")).toBeUndefined();
  });

  it("accepts the same pair twice and refuses a name reused for another text", () => {
    preparedStatement("test_twice", "SELECT 1");
    expect(() => preparedStatement("test_twice", "SELECT 1")).not.toThrow();
    expect(() => preparedStatement("test_twice", "SELECT 2")).toThrow(/already used/);
  });
});
