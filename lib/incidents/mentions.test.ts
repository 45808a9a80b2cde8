import { describe, expect, it } from "vitest";
import { findMentions } from "./mentions";

const members = [
  { userId: "u1", email: "Ana@Example.test" },
  { userId: "u2", email: "bo.lee@example.test" },
];

describe("@mentions", () => {
  it("finds members by the name before @ or by their whole email, once each", () => {
    expect(findMentions("@ana please look; cc @bo.lee@example.test and @ana again.", members)).toEqual(["u1", "u2"]);
    expect(findMentions("@bo.lee.", members)).toEqual(["u2"]);
  });

  it("ignores unknown names and addresses that are not mentions", () => {
    expect(findMentions("mail ana@example.test or @nobody", members)).toEqual([]);
  });
});
