import { describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { insertApiKey, revokeApiKey } from "@/lib/server/projects/api-keys";
import { makeProject } from "@/tests/fixtures";
import { ingestNdjsonStream, ingestRecords } from "./ingest";
import { PayloadTooLargeError } from "@/lib/server/errors";

// Sessions are not exercised here (API keys are); Auth.js needs the Next runtime to load.
vi.mock("@/lib/auth/auth", () => ({ auth: async () => null }));
const { POST } = await import("@/app/api/v1/outputs/route");

async function setup(scopes: ("ingest" | "export")[] = ["ingest"]) {
  const made = await makeProject();
  const key = await insertApiKey({ projectId: made.project.id, name: "test", scopes, createdById: null });
  return { ...made, key };
}

function post(body: string, options: { key?: string; type?: string; query?: string; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { "content-type": options.type ?? "application/json", ...options.headers };
  if (options.key) headers.authorization = `Bearer ${options.key}`;
  return POST(new Request(`http://localhost/api/v1/outputs${options.query ?? ""}`, { method: "POST", headers, body }), {});
}

const record = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  timestamp: "2025-05-03T10:15:00Z",
  input: [{ role: "user", content: `question ${id}` }],
  output: { role: "assistant", content: `answer ${id}` },
  metadata: { model: "gpt-4o", taskType: "billing", tokensIn: 12 },
  ...extra,
});

async function storedIds(projectId: string) {
  const db = await prisma();
  const rows = await db.loggedOutput.findMany({ where: { projectId }, select: { externalId: true }, orderBy: { externalId: "asc" } });
  return rows.map((r) => r.externalId);
}

describe("POST /api/v1/outputs", () => {
  const mixed = [
    record("a"),
    { ...record("b"), timestamp: undefined },
    record("c", { metadata: { tokensIn: -1 } }),
    record("d"),
    { ...record("a"), output: "second a" },
    record("e", { colour: "red" }),
    "not an object",
    record("f", { signals: [{ name: "judge", value: 0.9, source: "llm-judge" }], context: [{ id: "kb1", text: "Refunds take 5 days." }] }),
  ];

  it("stores the valid records of a mixed batch, rejects the rest with per-record errors, and is idempotent", async () => {
    const { project, key } = await setup();
    const response = await post(JSON.stringify(mixed), { key: key.secret });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 4 });
    expect(body.errors).toEqual([
      { index: 1, id: "b", field: "timestamp", message: expect.any(String) },
      { index: 2, id: "c", field: "metadata.tokensIn", message: expect.any(String) },
      { index: 5, id: "e", field: "(record)", message: expect.stringContaining("colour") },
      { index: 6, id: null, field: "(record)", message: "each record must be a JSON object" },
    ]);
    expect(await storedIds(project.id)).toEqual(["a", "d", "f"]);
    const db = await prisma();
    const a = await db.loggedOutput.findFirstOrThrow({ where: { projectId: project.id, externalId: "a" } });
    // First occurrence wins within a batch.
    expect(a.output).toEqual({ role: "assistant", content: "answer a" });
    expect(a).toMatchObject({ taskType: "billing", model: "gpt-4o", redactions: 0 });
    expect(a.timestamp.toISOString()).toBe("2025-05-03T10:15:00.000Z");

    const again = await (await post(JSON.stringify(mixed), { key: key.secret })).json();
    expect(again).toMatchObject({ accepted: 0, duplicates: 4, rejected: 4 });
    expect(await storedIds(project.id)).toEqual(["a", "d", "f"]);
  });

  it("refuses a wrong, revoked, other project's or unscoped key and writes nothing", async () => {
    const { project, key, members } = await setup();
    const other = await setup();
    const exportOnly = await insertApiKey({ projectId: project.id, name: "export", scopes: ["export"], createdById: null });
    const batch = JSON.stringify([record("x1")]);

    expect((await post(batch, { key: "assay_wrong-key-000000000000000000000000" })).status).toBe(401);
    expect((await post(batch)).status).toBe(401);
    expect((await post(batch, { headers: { authorization: "Basic abc" } })).status).toBe(401);
    const notFound = await post(batch, { key: other.key.secret, query: `?project=${project.slug}` });
    expect(notFound.status).toBe(404);
    expect(await notFound.json()).toMatchObject({ error: "not_found" });
    expect((await post(batch, { key: exportOnly.secret })).status).toBe(403);

    await revokeApiKey({ actor: members.admin, projectSlug: project.slug, apiKeyId: key.id });
    expect((await post(batch, { key: key.secret })).status).toBe(401);
    expect(await storedIds(project.id)).toEqual([]);
    expect(await storedIds(other.project.id)).toEqual([]);
    // Naming the key's own project is fine.
    const own = await post(batch, { key: other.key.secret, query: `?project=${other.project.slug}` });
    expect(await own.json()).toMatchObject({ accepted: 1 });
  });

  it("streams NDJSON, reporting bad lines by zero-based line index", async () => {
    const { project, key } = await setup();
    const lines = [JSON.stringify(record("n1")), "{not json", "", JSON.stringify(record("n2")), JSON.stringify(record("n1")), JSON.stringify(record("n3", { input: "x".repeat(2_000_000) }))];
    const response = await post(lines.join("\r\n") + "\n", { key: key.secret, type: "application/x-ndjson; charset=utf-8" });
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 2, duplicates: 1, rejected: 2 });
    expect(body.errors.map((e: { index: number }) => e.index)).toEqual([1, 5]);
    expect(body.errors[1].message).toMatch(/at most 1048576 bytes/);
    expect(await storedIds(project.id)).toEqual(["n1", "n2"]);
  });

  it("answers 413 naming the limit and 415 for other content types, writing nothing", async () => {
    const { project, key } = await setup();
    const tooLarge = await post(JSON.stringify([record("big")]), { key: key.secret, headers: { "content-length": String(17 * 1024 * 1024) } });
    expect(tooLarge.status).toBe(413);
    expect((await tooLarge.json()).message).toMatch(/limit is 16777216 bytes/);
    const many = JSON.stringify(Array.from({ length: 10_001 }, (_, i) => record(`m${i}`)));
    const tooMany = await post(many, { key: key.secret });
    expect(tooMany.status).toBe(413);
    expect((await tooMany.json()).message).toMatch(/at most 10000 records/);
    const wrongType = await post("id,timestamp", { key: key.secret, type: "text/csv" });
    expect(wrongType.status).toBe(415);
    const notArray = await post(JSON.stringify(record("obj")), { key: key.secret });
    expect(notArray.status).toBe(400);
    expect(await notArray.json()).toMatchObject({ issues: [{ field: "(body)" }] });
    expect(await storedIds(project.id)).toEqual([]);
  });

  it("stops an NDJSON stream at the record limit with 413 and a count of what was stored", async () => {
    const { project, key } = await setup();
    const actor = { kind: "apiKey" as const, apiKeyId: key.id, projectId: project.id, scopes: ["ingest"] };
    const body = [1, 2, 3].map((i) => new TextEncoder().encode(JSON.stringify(record(`l${i}`)) + "\n"));
    const attempt = ingestNdjsonStream({ actor, body: (async function* () { yield* body; })(), limits: { maxBodyBytes: 1e9, maxRecords: 2, maxLineBytes: 1e6 } });
    await expect(attempt).rejects.toThrow(PayloadTooLargeError);
    await expect(ingestNdjsonStream({ actor, body: (async function* () { yield* body; })(), limits: { maxBodyBytes: 1e9, maxRecords: 2, maxLineBytes: 1e6 } })).rejects.toThrow(/at most 2 records.*accepted 0, duplicates 2/);
    expect(await storedIds(project.id)).toEqual(["l1", "l2"]);
    await expect(ingestRecords({ actor, records: [record("r1"), record("r2")], limits: { maxBodyBytes: 1e9, maxRecords: 1, maxLineBytes: 1e6 } })).rejects.toThrow(/at most 1 records/);
    expect(await storedIds(project.id)).toEqual(["l1", "l2"]);
  });

  it("applies the project's redaction before storing and counts redactions per record", async () => {
    const { project, key } = await setup();
    const db = await prisma();
    await db.project.update({ where: { id: project.id }, data: { redaction: { enabled: true, emails: true, phones: true, cards: true, custom: [{ name: "order", pattern: "ORD-\\d{6}" }] } } });
    const response = await post(
      JSON.stringify([
        record("p1", { input: "Mail jane.doe@example.com or call +44 20 7946 0958 about ORD-123456", output: "Card 4111 1111 1111 1111 charged on 2025-05-03" }),
        record("p2"),
      ]),
      { key: key.secret },
    );
    expect(await response.json()).toMatchObject({ accepted: 2 });
    const p1 = await db.loggedOutput.findFirstOrThrow({ where: { projectId: project.id, externalId: "p1" } });
    expect(p1.input).toBe("Mail [REDACTED:email] or call [REDACTED:phone] about [REDACTED:order]");
    expect(p1.output).toBe("Card [REDACTED:card] charged on 2025-05-03");
    expect(p1.redactions).toBe(4);
    const p2 = await db.loggedOutput.findFirstOrThrow({ where: { projectId: project.id, externalId: "p2" } });
    expect(p2.redactions).toBe(0);
  });

  it("rejects strings PostgreSQL cannot store as that record's error, not the batch's", async () => {
    const { project, key } = await setup();
    const body = await (await post(JSON.stringify([record("z1", { output: "bad\u0000byte" }), record("z2", { input: "lone \ud800" }), record("z3")]), { key: key.secret })).json();
    expect(body).toMatchObject({ accepted: 1, rejected: 2 });
    expect(body.errors.map((e: { field: string }) => e.field)).toEqual(["output", "input"]);
    expect(await storedIds(project.id)).toEqual(["z3"]);
  });
});

describe("redaction settings", () => {
  it("lets ML engineers and admins edit them, validates patterns, and hides them from others", async () => {
    const { getRedactionSettings, updateRedactionSettings } = await import("./redaction-settings");
    const { project, members, outsider } = await makeProject();
    const projectSlug = project.slug;
    expect(await getRedactionSettings({ actor: members.admin, projectSlug })).toEqual({ enabled: false, emails: true, phones: true, cards: true, custom: [] });
    const settings = { enabled: true, emails: true, phones: false, cards: true, custom: [{ name: "order", pattern: "ORD-\\d+" }] };
    await updateRedactionSettings({ actor: members.ml_engineer, projectSlug, settings });
    expect(await getRedactionSettings({ actor: members.admin, projectSlug })).toEqual(settings);
    await expect(updateRedactionSettings({ actor: members.admin, projectSlug, settings: { ...settings, custom: [{ name: "x", pattern: "(" }] } })).rejects.toThrow(/regular expression/);
    await expect(updateRedactionSettings({ actor: members.qa_lead, projectSlug, settings })).rejects.toMatchObject({ status: 403 });
    await expect(getRedactionSettings({ actor: outsider, projectSlug })).rejects.toMatchObject({ status: 404 });
  });
});
