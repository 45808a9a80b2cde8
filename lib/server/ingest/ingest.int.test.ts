import zlib from "node:zlib";
import { describe, expect, it, vi } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertApiKey, revokeApiKey } from "@/lib/server/projects/api-keys";
import { makeProject } from "@/tests/fixtures";
import { ingestNdjsonStream, ingestRecords } from "./ingest";
import { PayloadTooLargeError } from "@/lib/server/errors";

// Sessions are not exercised here (API keys are); Auth.js needs the Next runtime to load.
vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));
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
    // Some records refused beside stored ones: 207 Multi-Status.
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 3, duplicates: 1, rejected: 4 });
    expect(body.errors).toEqual([
      { index: 1, id: "b", field: "timestamp", message: expect.any(String) },
      { index: 2, id: "c", field: "metadata.tokensIn", message: expect.any(String) },
      { index: 5, id: "e", field: "colour", message: expect.stringContaining("unknown field") },
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

    // Every record refused: a 400 in the shared error shape, each record's field named, nothing stored.
    for (const type of ["application/json", "application/x-ndjson"]) {
      const bad = [record("g", { timestamp: "not a date" }), "not an object"];
      const refused = await post(type === "application/json" ? JSON.stringify(bad) : bad.map((r) => JSON.stringify(r)).join("\n"), { key: key.secret, type });
      expect(refused.status).toBe(400);
      const unit = type === "application/json" ? "records" : "lines";
      expect(await refused.json()).toMatchObject({
        error: "all_rejected",
        message: expect.stringContaining(`Nothing was stored: all 2 ${unit} were rejected. The first: ${unit}[0].timestamp`),
        issues: [{ field: `${unit}[0].timestamp` }, { field: `${unit}[1].(record)`, message: "each record must be a JSON object" }],
        accepted: 0,
        duplicates: 0,
        rejected: 2,
      });
    }
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

describe("POST /api/v1/outputs: what PostgreSQL would refuse, and bodies that are not what they say (issue 11)", () => {
  it("rejects timestamps PostgreSQL cannot store, or outside 1970 to a day ahead, as their own records; the rest is stored", async () => {
    const { project, key } = await setup();
    const bad = ["0000-01-01T00:00:00Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+01:00", new Date(Date.now() + 2 * 86_400_000).toISOString()];
    const batch = [record("ok1"), ...bad.map((timestamp, i) => record(`t${i}`, { timestamp })), record("ok2")];
    const response = await post(JSON.stringify(batch), { key: key.secret });
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 2, rejected: 4 });
    expect(body.errors.map((e: { index: number; field: string }) => [e.index, e.field])).toEqual([[1, "timestamp"], [2, "timestamp"], [3, "timestamp"], [4, "timestamp"]]);
    expect(await storedIds(project.id)).toEqual(["ok1", "ok2"]);
  });

  it("accepts older timestamps when the project allows them", async () => {
    const { project, key } = await setup();
    await (await prisma()).project.update({ where: { id: project.id }, data: { earliestOutputAt: new Date("1900-01-01T00:00:00Z") } });
    const body = await (await post(JSON.stringify([record("old", { timestamp: "1950-06-01T00:00:00Z" }), record("older", { timestamp: "1899-12-31T00:00:00Z" })]), { key: key.secret })).json();
    expect(body).toMatchObject({ accepted: 1, rejected: 1, errors: [{ id: "older", field: "timestamp", message: expect.stringContaining("1900-01-01") }] });
  });

  it("turns a database refusal of one row into that record's rejection and stores the others", async () => {
    const { project, key } = await setup();
    // A constraint only this file's database has: the database refuses the row, not validation.
    await (await getDatabase()).query(`ALTER TABLE "LoggedOutput" ADD CONSTRAINT test_refuses_poison CHECK ("externalId" NOT LIKE 'poison%')`);
    const batch = Array.from({ length: 9 }, (_, i) => record(i === 3 || i === 7 ? `poison-${i}` : `fine-${i}`));
    const response = await post(JSON.stringify(batch), { key: key.secret });
    expect(response.status).toBe(207);
    const body = await response.json();
    expect(body).toMatchObject({ accepted: 7, rejected: 2 });
    expect(body.errors).toEqual([
      { index: 3, id: "poison-3", field: "(record)", message: expect.stringContaining("23514") },
      { index: 7, id: "poison-7", field: "(record)", message: expect.stringContaining("23514") },
    ]);
    expect(await storedIds(project.id)).toHaveLength(7);
    const ndjson = await (await post(batch.map((r) => JSON.stringify({ ...r, id: `n${r.id}` })).join("\n"), { key: key.secret, type: "application/x-ndjson" })).json();
    expect(ndjson).toMatchObject({ accepted: 9, rejected: 0 });
  });

  it("rejects a record nested 5,000 levels deep naming the field, and keeps its siblings", async () => {
    const { project, key } = await setup();
    const deep = `${"[".repeat(5000)}1${"]".repeat(5000)}`;
    const body = `[${JSON.stringify(record("flat"))},{"id":"deep","timestamp":"2025-05-03T10:15:00Z","input":"q","output":"a","metadata":{"x":${deep}}},{"id":"deep2","timestamp":"2025-05-03T10:15:00Z","input":[{"role":"user","content":${deep}}],"output":"a"}]`;
    const result = await (await post(body, { key: key.secret })).json();
    expect(result).toMatchObject({ accepted: 1, rejected: 2, errors: [{ id: "deep", field: "metadata.x.0", message: expect.stringContaining("64 levels") }, { id: "deep2", field: "input.0.content" }] });
    expect(await storedIds(project.id)).toEqual(["flat"]);
  });

  it("answers 400 naming the encoding for a body that is not gzip or is cut short, JSON and NDJSON", async () => {
    const { project, key } = await setup();
    const gz = zlib.gzipSync(JSON.stringify([record("g1"), record("g2")]));
    for (const [body, type] of [
      [Buffer.from("definitely not gzip"), "application/json"],
      [gz.subarray(0, gz.length - 12), "application/json"],
      [zlib.gzipSync(JSON.stringify(record("n1"))).subarray(0, 20), "application/x-ndjson"],
    ] as const) {
      const response = await POST(new Request("http://localhost/api/v1/outputs", { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": type, "content-encoding": "gzip" }, body }), {});
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ issues: [{ field: "Content-Encoding", message: expect.stringContaining("not valid gzip") }] });
    }
    const whole = await POST(new Request("http://localhost/api/v1/outputs", { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json", "content-encoding": "gzip" }, body: gz }), {});
    expect(await whole.json()).toMatchObject({ accepted: 2 });
    expect(await storedIds(project.id)).toEqual(["g1", "g2"]);
  });

  it("refuses invalid UTF-8 instead of replacing it, and decodes a declared ISO-8859-1 body", async () => {
    const { project, key } = await setup();
    const latin1 = Buffer.from(JSON.stringify([record("cafe", { output: "café" })]), "latin1");
    const asUtf8 = await POST(new Request("http://localhost/api/v1/outputs", { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" }, body: latin1 }), {});
    expect(asUtf8.status).toBe(400);
    expect(await asUtf8.json()).toMatchObject({ issues: [{ field: "(body)", message: expect.stringContaining("not valid UTF-8") }] });
    const declared = await POST(new Request("http://localhost/api/v1/outputs", { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json; charset=ISO-8859-1" }, body: latin1 }), {});
    expect(await declared.json()).toMatchObject({ accepted: 1 });
    const stored = await (await prisma()).loggedOutput.findFirstOrThrow({ where: { projectId: project.id, externalId: "cafe" } });
    expect(stored.output).toBe("café");
    // NDJSON: the bad line is that line's rejection; the other lines are stored.
    const lines = Buffer.concat([Buffer.from(JSON.stringify(record("u1")) + "\n"), Buffer.from(JSON.stringify(record("u2", { output: "café" })) + "\n", "latin1"), Buffer.from(JSON.stringify(record("u3")))]);
    const ndjson = await (await POST(new Request("http://localhost/api/v1/outputs", { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/x-ndjson" }, body: lines }), {})).json();
    expect(ndjson).toMatchObject({ accepted: 2, rejected: 1, errors: [{ index: 1, field: "(record)", message: expect.stringContaining("not valid UTF-8") }] });
    const unknown = await POST(new Request("http://localhost/api/v1/outputs", { method: "POST", headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json; charset=utf-16" }, body: latin1 }), {});
    expect(unknown.status).toBe(415);
  });

  it("says why a __proto__ key or a number beyond 2^53 is rejected", async () => {
    const { key } = await setup();
    const body = `[{"id":"p","timestamp":"2025-05-03T10:15:00Z","input":"a","output":"b","metadata":{"__proto__":{"x":1}}},{"id":"big","timestamp":"2025-05-03T10:15:00Z","input":"a","output":"b","metadata":{"n":123456789012345678901234567890}}]`;
    expect(await (await post(body, { key: key.secret })).json()).toMatchObject({
      rejected: 2,
      errors: [{ id: "p", field: "metadata.__proto__" }, { id: "big", field: "metadata.n", message: expect.stringContaining("as a string") }],
    });
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
