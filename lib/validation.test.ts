import { describe, expect, it } from "vitest";
import { jsonTextSchema } from "./validation";

describe("jsonTextSchema", () => {
  it("parses JSON text and names the field's content in errors", () => {
    expect(jsonTextSchema("the plan").parse('{"a":1}')).toEqual({ a: 1 });
    expect(jsonTextSchema("the plan").parse("[1,2]")).toEqual([1, 2]);
    const bad = jsonTextSchema("the plan").safeParse("{oops");
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toMatch(/^the plan is not valid JSON: /);
  });

  it("with object: true refuses arrays, null and scalars", () => {
    const schema = jsonTextSchema("the label", { object: true });
    expect(schema.parse('{"tone":3}')).toEqual({ tone: 3 });
    for (const text of ["[]", "null", "3", '"x"']) {
      expect(schema.safeParse(text).error?.issues[0].message).toBe("the label must be an object of dimension values");
    }
  });
});
