import { describe, expect, it } from "vitest";
import { authenticateWithPassword, createUser, findActiveUser, setUserDisabled } from "./users";
import { makeUser, TEST_PASSWORD } from "@/tests/fixtures";
import { ConflictError, ForbiddenError, ValidationError } from "@/lib/server/errors";

describe("password sign-in", () => {
  it("accepts the right password, case-insensitively on the email", async () => {
    const user = await makeUser();
    const result = await authenticateWithPassword({ email: user.email.toUpperCase(), password: TEST_PASSWORD });
    expect(result).toEqual({ ok: true, user: expect.objectContaining({ userId: user.userId, email: user.email }) });
  });

  it("refuses a wrong password and an unknown email alike", async () => {
    const user = await makeUser();
    expect(await authenticateWithPassword({ email: user.email, password: "wrong password!" })).toEqual({ ok: false, reason: "invalid_credentials" });
    expect(await authenticateWithPassword({ email: "nobody@example.test", password: TEST_PASSWORD })).toEqual({ ok: false, reason: "invalid_credentials" });
  });

  it("refuses a disabled user even with the right password, and ends their session", async () => {
    const user = await makeUser({ disabled: true });
    expect(await authenticateWithPassword({ email: user.email, password: TEST_PASSWORD })).toEqual({ ok: false, reason: "disabled" });
    expect(await findActiveUser(user.userId)).toBeNull();
  });

  it("disabling takes effect at once and re-enabling restores access", async () => {
    const admin = await makeUser({ isInstanceAdmin: true });
    const user = await makeUser();
    await setUserDisabled({ actor: admin, userId: user.userId, disabled: true });
    expect(await findActiveUser(user.userId)).toBeNull();
    await setUserDisabled({ actor: admin, userId: user.userId, disabled: false });
    expect(await findActiveUser(user.userId)).not.toBeNull();
  });

  it("only instance admins manage users, and nobody disables themselves", async () => {
    const admin = await makeUser({ isInstanceAdmin: true });
    const plain = await makeUser();
    await expect(setUserDisabled({ actor: plain, userId: admin.userId, disabled: true })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(createUser({ actor: plain, email: "x@example.test", password: "long enough pw" })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(setUserDisabled({ actor: admin, userId: admin.userId, disabled: true })).rejects.toBeInstanceOf(ConflictError);
  });

  it("validates new users' passwords and refuses duplicate emails", async () => {
    const admin = await makeUser({ isInstanceAdmin: true });
    await expect(createUser({ actor: admin, email: "short@example.test", password: "short" })).rejects.toBeInstanceOf(ValidationError);
    const existing = await makeUser();
    await expect(createUser({ actor: admin, email: existing.email, password: "long enough pw" })).rejects.toBeInstanceOf(ConflictError);
  });
});
