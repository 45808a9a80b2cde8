import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { insertLoggedOutputs, type LoggedOutputRow } from "@/lib/server/outputs/insert-outputs";
import { makeProject } from "@/tests/fixtures";
import { emptyFilter, PAGE_SIZE, type OutputFilter, type OutputSort } from "@/lib/outputs/explorer";
import { ForbiddenError, NotFoundError } from "@/lib/server/errors";
import { listProjectOutputs, readOutputDetail } from "./explorer";
import { saveCheckSettings } from "./check-settings";
import { postgresOutputStore, textReadFor } from "./store";

const WORDS = ["refund", "parcel", "invoice", "password", "chargeback", "delivery"];

function rows(n: number, prefix: string): LoggedOutputRow[] {
  const base = Date.UTC(2026, 4, 4);
  return Array.from({ length: n }, (_, i) => ({
    externalId: `${prefix}-${i}`,
    // Every 5th output shares its timestamp with the previous one: the keyset must break ties by id.
    timestamp: new Date(base + (i - (i % 5 === 0 ? 1 : 0)) * 60_000),
    taskType: ["billing", "extract", null][i % 3],
    model: i % 4 === 0 ? "canary" : "stable",
    input: [{ role: "user", content: `Question about my ${WORDS[i % 6]} number ${i}` }],
    output: i % 3 === 1 ? (i % 10 === 1 ? "not json" : `{"ok": ${i}}`) : { role: "assistant", content: `About your ${WORDS[(i + 1) % 6]}: done.` },
    context: null,
    metadata: { segment: i % 7 === 0 ? "pro" : "free", latencyMs: i % 11 === 0 ? undefined : (i * 37) % 5000, costUsd: ((i * 13) % 100) / 10000, escalated: i % 9 === 0 },
    signals: [{ name: "judge", value: (i % 10) / 10 }],
    redactions: 0,
  }));
}

type Plain = { id: string };

/** The same view as a plain SQL query, written independently of the store's query builder. */
async function reference(projectId: string, where: string, order: string): Promise<string[]> {
  const client = await prisma();
  const found = await client.$queryRawUnsafe<Plain[]>(`SELECT id::text AS id FROM "LoggedOutput" o WHERE o."projectId" = $1 AND ${where} ORDER BY ${order}`, projectId);
  return found.map((r) => r.id);
}

async function allPages(actor: Parameters<typeof listProjectOutputs>[0]["actor"], projectSlug: string, filter: OutputFilter, sort: OutputSort): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 100; page++) {
    const view = await listProjectOutputs({ actor, projectSlug, filter, sort, cursor });
    expect(view.rows.length).toBeLessThanOrEqual(PAGE_SIZE);
    ids.push(...view.rows.map((r) => r.id));
    if (!view.nextCursor) return ids;
    cursor = view.nextCursor;
  }
  throw new Error("too many pages");
}

describe("outputs explorer", () => {
  it("returns, over all keyset pages, exactly the rows of a plain SQL query, for each filter and sort", async () => {
    const { project, members } = await makeProject();
    const db = await getDatabase();
    await saveCheckSettings({ actor: members.admin, projectSlug: project.slug, settings: { format: [{ taskType: "extract", format: "json" }], escalated: { key: "escalated" } } });
    const all = rows(260, "x");
    await insertLoggedOutputs(db, project.id, all);
    // Another project's outputs never show.
    const other = await makeProject();
    await insertLoggedOutputs(db, other.project.id, rows(60, "x"));
    // Sample a few outputs in an audit.
    const client = await prisma();
    const plan = await client.auditPlan.create({ data: { projectId: project.id, version: 1, method: "fixed", methodParams: { n: 3 }, allocation: "proportional" } });
    const audit = await client.audit.create({ data: { projectId: project.id, week: "2026-W19", weekStart: new Date(Date.UTC(2026, 4, 4)), weekEnd: new Date(Date.UTC(2026, 4, 11)), seed: "s", planId: plan.id, strata: [], population: 260, sampleSize: 3, dueAt: new Date() } });
    const sampledIds = (await client.loggedOutput.findMany({ where: { projectId: project.id, externalId: { in: ["x-3", "x-77", "x-200"] } }, select: { id: true } })).map((o) => o.id);
    await client.sampledItem.createMany({ data: sampledIds.map((outputId) => ({ projectId: project.id, auditId: audit.id, outputId, stratum: "", inclusionProbability: 0.01, sampleKey: "0" })) });

    const desc: OutputSort = { key: "timestamp", direction: "desc" };
    const f = (patch: Partial<OutputFilter>) => ({ ...emptyFilter(), ...patch });
    const cases: { filter: OutputFilter; sort: OutputSort; where: string; order: string }[] = [
      { filter: f({}), sort: desc, where: "true", order: `"timestamp" DESC, id DESC` },
      { filter: f({}), sort: { key: "timestamp", direction: "asc" }, where: "true", order: `"timestamp" ASC, id ASC` },
      { filter: f({ from: new Date(Date.UTC(2026, 4, 4, 1)).toISOString(), to: new Date(Date.UTC(2026, 4, 4, 3)).toISOString() }), sort: desc, where: `"timestamp" >= '2026-05-04T01:00:00Z' AND "timestamp" < '2026-05-04T03:00:00Z'`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ taskType: "billing" }), sort: desc, where: `"taskType" = 'billing'`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ model: "canary" }), sort: desc, where: `"model" = 'canary'`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ metadata: [{ key: "segment", value: "pro" }] }), sort: desc, where: `"metadata"->>'segment' = 'pro'`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ metadata: [{ key: "escalated", value: true }] }), sort: desc, where: `"metadata"->'escalated' = 'true'::jsonb`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ signal: { name: "judge", min: 0.3, max: 0.5 } }), sort: desc, where: `("signals"->0->>'value')::float8 BETWEEN 0.3 AND 0.5`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ latencyMs: { min: 1000, max: 3000 } }), sort: desc, where: `"latencyMs" BETWEEN 1000 AND 3000`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ costUsd: { min: null, max: 0.002 } }), sort: desc, where: `"costUsd" <= 0.002`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ check: "format_invalid" }), sort: desc, where: `"taskType" = 'extract' AND "output" = '"not json"'::jsonb`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ check: "escalated" }), sort: desc, where: `"metadata"->'escalated' = 'true'::jsonb`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ sampled: "yes" }), sort: desc, where: `"externalId" IN ('x-3', 'x-77', 'x-200')`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ sampled: "no" }), sort: desc, where: `"externalId" NOT IN ('x-3', 'x-77', 'x-200')`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ text: "chargeback" }), sort: desc, where: `("input"::text LIKE '%chargeback%' OR "output"::text LIKE '%chargeback%')`, order: `"timestamp" DESC, id DESC` },
      { filter: f({ text: "invoice -chargeback" }), sort: desc, where: `("input"::text LIKE '%invoice%' OR "output"::text LIKE '%invoice%') AND NOT ("input"::text LIKE '%chargeback%' OR "output"::text LIKE '%chargeback%')`, order: `"timestamp" DESC, id DESC` },
      { filter: f({}), sort: { key: "latencyMs", direction: "desc" }, where: `"latencyMs" IS NOT NULL`, order: `"latencyMs" DESC, id DESC` },
      { filter: f({ text: "parcel" }), sort: { key: "latencyMs", direction: "asc" }, where: `("input"::text LIKE '%parcel%' OR "output"::text LIKE '%parcel%') AND "latencyMs" IS NOT NULL`, order: `"latencyMs" ASC, id ASC` },
      { filter: f({ taskType: "extract" }), sort: { key: "costUsd", direction: "asc" }, where: `"taskType" = 'extract' AND "costUsd" IS NOT NULL`, order: `"costUsd" ASC, id ASC` },
    ];
    for (const c of cases) {
      const expected = await reference(project.id, c.where, c.order);
      expect(expected.length, JSON.stringify(c.filter)).toBeGreaterThan(0);
      expect(await allPages(members.ml_engineer, project.slug, c.filter, c.sort), JSON.stringify(c.filter)).toEqual(expected);
    }

    // Text-filtered pages are read either by walking the sort's index or from the full-text
    // index (chosen by the estimated matches): both ways give the plain query's rows.
    for (const textRead of ["walk", "index"] as const) {
      const store = postgresOutputStore(db, { textRead });
      for (const c of cases.filter((c) => c.filter.text)) {
        const expected = await reference(project.id, c.where, c.order);
        const ids: string[] = [];
        let cursor: string | null = null;
        do {
          const page = await store.listOutputs({ projectId: project.id, filter: c.filter, sort: c.sort, cursor, limit: 7 });
          ids.push(...page.rows.map((r) => r.id));
          cursor = page.nextCursor;
        } while (cursor);
        expect(ids, `${textRead} ${c.filter.text}`).toEqual(expected);
      }
    }
    // On a small table every word is read from the index (the walk only pays off on many rows).
    expect(await textReadFor(db, "zebracorn", PAGE_SIZE)).toBe("index");

    const first = await listProjectOutputs({ actor: members.qa_lead, projectSlug: project.slug, filter: f({}), sort: desc, cursor: null, withCount: true });
    expect(first.count).toEqual({ count: 260, capped: false });
    expect(first.taskTypes).toEqual(["billing", "extract"]);
    expect(first.models).toEqual(["canary", "stable"]);
  });

  it("shows an output with its checks, audits and labels to a QA lead; reviewers and other projects get nothing", async () => {
    const { project, members } = await makeProject();
    const db = await getDatabase();
    await insertLoggedOutputs(db, project.id, rows(3, "d"));
    const client = await prisma();
    const output = await client.loggedOutput.findFirstOrThrow({ where: { projectId: project.id, externalId: "d-1" } });
    const detail = await readOutputDetail({ actor: members.qa_lead, projectSlug: project.slug, outputId: output.id });
    expect(detail.output.externalId).toBe("d-1");
    expect(detail.output.latencyMs).toBe(37);
    expect(detail.audits).toEqual([]);

    await expect(readOutputDetail({ actor: members.reviewer, projectSlug: project.slug, outputId: output.id })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(listProjectOutputs({ actor: members.reviewer, projectSlug: project.slug, filter: emptyFilter(), sort: { key: "timestamp", direction: "desc" }, cursor: null })).rejects.toBeInstanceOf(ForbiddenError);
    const other = await makeProject();
    await expect(readOutputDetail({ actor: other.members.admin, projectSlug: other.project.slug, outputId: output.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(readOutputDetail({ actor: members.admin, projectSlug: project.slug, outputId: "not-a-uuid" })).rejects.toBeInstanceOf(NotFoundError);
  });
});
