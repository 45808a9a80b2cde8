// Issue 19: no secret in any log line or API response. Everything the process writes (stdout,
// stderr, console) is captured while keys are created, used, guessed and revoked, passwords set
// and mistyped, members added with an initial password, and a server error answered; then the
// capture, the JSON answers and the audit log are searched for the API key, the passwords, the
// password hashes and AUTH_SECRET.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { createApiKey, listApiKeys, revokeApiKey } from "@/lib/server/projects/api-keys";
import { authenticateWithPassword, createUser } from "@/lib/server/users/users";
import { addMember } from "@/lib/server/projects/members";
import { listProjectAuditLog, listInstanceAuditLog } from "@/lib/server/audit-log/audit-log";
import { errorResponse } from "@/lib/server/http/respond";
import { makeProject, makeUser, TEST_PASSWORD } from "@/tests/fixtures";

vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));

const AUTH_SECRET = "h19-auth-secret-that-must-never-be-logged-0123456789";
const MEMBER_PASSWORD = "initial password never to be logged";
const NEW_USER_PASSWORD = "another password never to be logged";
const captured: string[] = [];
const restore: (() => void)[] = [];

beforeAll(() => {
  process.env.AUTH_SECRET = AUTH_SECRET;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(String(chunk));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    restore.push(() => (stream.write = write));
  }
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level];
    console[level] = (...args: unknown[]) => {
      captured.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack}` : typeof a === "string" ? a : JSON.stringify(a))).join(" "));
      original(...args);
    };
    restore.push(() => (console[level] = original));
  }
});

afterAll(() => restore.forEach((undo) => undo()));

describe("secrets never reach a log line, an answer or the audit log", () => {
  it("across key, password and error paths", async () => {
    const { project, members } = await makeProject();
    const answers: string[] = [];
    const key = await createApiKey({ actor: members.ml_engineer, projectSlug: project.slug, name: "pipeline", scopes: ["ingest"] });
    answers.push(JSON.stringify(await listApiKeys({ actor: members.ml_engineer, projectSlug: project.slug })));

    const { POST: ingest } = await import("@/app/api/v1/outputs/route");
    const good = await ingest(new Request(`http://localhost/api/v1/outputs?project=${project.slug}`, { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" }, body: JSON.stringify([{ id: "s-1", timestamp: new Date().toISOString(), input: "q", output: "a" }]) }), {});
    answers.push(await good.text());
    const guessed = `${key.secret.slice(0, -4)}zzzz`;
    const bad = await ingest(new Request(`http://localhost/api/v1/outputs?project=${project.slug}`, { method: "POST", headers: { authorization: `Bearer ${guessed}`, "content-type": "application/json" }, body: "[]" }), {});
    expect(bad.status).toBe(401);
    answers.push(await bad.text());
    // A malformed body that echoes nothing secret back.
    const malformed = await ingest(new Request(`http://localhost/api/v1/outputs?project=${project.slug}`, { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" }, body: "[{" }), {});
    answers.push(await malformed.text());

    const admin = await makeUser({ isInstanceAdmin: true });
    await createUser({ actor: admin, email: "logged-user@example.test", name: "L", password: NEW_USER_PASSWORD, isInstanceAdmin: false });
    await addMember({ actor: members.admin, projectSlug: project.slug, email: "member-with-password@example.test", name: null, role: "reviewer", expertise: [], initialPassword: MEMBER_PASSWORD });
    expect((await authenticateWithPassword({ email: "logged-user@example.test", password: `${NEW_USER_PASSWORD}!` })).ok).toBe(false);
    expect((await authenticateWithPassword({ email: members.reviewer.email, password: TEST_PASSWORD })).ok).toBe(true);
    await revokeApiKey({ actor: members.ml_engineer, projectSlug: project.slug, apiKeyId: key.id });
    // An unexpected error is logged (with its stack) and answered with a generic 500.
    const crash = errorResponse(new Error("database exploded"));
    expect(crash.status).toBe(500);
    answers.push(await crash.text());

    answers.push(JSON.stringify(await listProjectAuditLog({ actor: members.admin, projectSlug: project.slug })));
    answers.push(JSON.stringify(await listInstanceAuditLog({ actor: admin })));
    const db = await prisma();
    const auditRows = JSON.stringify(await db.auditLogEntry.findMany());
    const hashes = (await db.user.findMany({ select: { passwordHash: true } })).map((u) => u.passwordHash).filter((h): h is string => !!h);
    const keyHash = (await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).hash;

    const secrets = { apiKey: key.secret, guessedKey: guessed, keyHash, authSecret: AUTH_SECRET, memberPassword: MEMBER_PASSWORD, newUserPassword: NEW_USER_PASSWORD, testPassword: TEST_PASSWORD, ...Object.fromEntries(hashes.map((h, i) => [`passwordHash${i}`, h])) };
    const haystacks = { logs: captured.join("\n"), answers: answers.join("\n"), auditLog: auditRows };
    expect(captured.join("\n")).toContain("database exploded"); // the capture works
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [name, secret] of Object.entries(secrets)) {
        expect(text.includes(secret), `${name} appears in ${where}`).toBe(false);
      }
    }
  });
});
