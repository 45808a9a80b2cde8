import { describe, expect, it } from "vitest";
import { compileRedactor, luhnValid, readRedactionSettings, redactionSettingsSchema, redactRow } from "./redaction";
import type { NormalizedOutput } from "./record";

const on = (extra: object = {}) => compileRedactor(redactionSettingsSchema.parse({ enabled: true, ...extra }))!;

describe("redaction", () => {
  it("is off unless enabled", () => {
    expect(compileRedactor(readRedactionSettings({}))).toBeNull();
    expect(compileRedactor(readRedactionSettings({ enabled: false, emails: true }))).toBeNull();
  });

  it("redacts emails, phones and Luhn-valid cards, and counts them", () => {
    const r = on();
    expect(r("mail a.b+c@example.co.uk now")).toEqual({ text: "mail [REDACTED:email] now", count: 1 });
    expect(r("call +1 (415) 555-0132 or 020 7946 0958").count).toBe(2);
    expect(r("card 4111-1111-1111-1111").text).toBe("card [REDACTED:card]");
    expect(r("not a card 4111 1111 1111 1112").text).not.toContain("[REDACTED:card]");
  });

  it("leaves dates, times, short numbers and amounts alone", () => {
    const r = on();
    for (const text of ["on 2025-05-03", "at 2025-05-03 10:15:00", "order 12345", "$1,299.00", "v1.2.3"]) expect(r(text)).toEqual({ text, count: 0 });
  });

  it("applies custom patterns and validates them", () => {
    expect(on({ custom: [{ name: "order", pattern: "ORD-\\d{6}" }] })("ref ORD-123456")).toEqual({ text: "ref [REDACTED:order]", count: 1 });
    expect(redactionSettingsSchema.safeParse({ custom: [{ name: "x", pattern: "(" }] }).success).toBe(false);
    expect(redactionSettingsSchema.safeParse({ custom: [{ name: "x", pattern: "a*" }] }).success).toBe(false);
    expect(redactionSettingsSchema.safeParse({ custom: [{ name: "bad name", pattern: "a" }] }).success).toBe(false);
  });

  it("redacts free text of a row but not its structural metadata", () => {
    const row: NormalizedOutput = {
      externalId: "me@example.com", timestamp: new Date(), taskType: "billing", model: "m", redactions: 0, signals: [{ name: "n", value: "x@y.io" }],
      input: [{ role: "user", content: "I am jo@example.com" }], output: "ok", context: [{ text: "call 020 7946 0958" }], metadata: { taskType: "billing", note: "z@q.org" },
    };
    redactRow(row, on());
    expect(row).toMatchObject({ externalId: "me@example.com", redactions: 4, input: [{ role: "user", content: "I am [REDACTED:email]" }], metadata: { taskType: "billing", note: "[REDACTED:email]" } });
  });

  it("implements the Luhn check", () => {
    expect(luhnValid("4111111111111111")).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });
});
