import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { prisma } from "@/lib/server/db/client";
import { adjudicateItem } from "@/lib/server/review/gold";
import type { ApiKeyActor } from "@/lib/server/auth/actor";
import { collectBytes } from "@/lib/datasets/test-rows";
import type { DatasetRow } from "@/lib/datasets/types";
import { createDataset, getDataset, listDatasets } from "./datasets";
import { createDatasetVersion, diffWithPreviousVersion, readVersionRows } from "./versions";
import { exportDatasetVersion, listExports } from "./exports";
import { makeDatasetProject } from "@/tests/fixtures/datasets";

const ALL_LABELS = { items: "all_labels", expectedDimension: "corrected_output", split: { kind: "hash", testShare: 0.5, seed: "s1" } };

async function rowsOf(projectId: string, versionId: string): Promise<DatasetRow[]> {
  const rows: DatasetRow[] = [];
  for await (const row of readVersionRows({ projectId, versionId })) rows.push(row);
  return rows;
}

describe("dataset versions", () => {
  it("hash the same definition on the same data to the same SHA-256 on either database and every run", async () => {
    const { project, users } = await makeDatasetProject({ fixed: true });
    const dataset = await createDataset({ projectSlug: project.slug, actor: users.ml, name: "billing-regression", definition: ALL_LABELS });
    const first = await createDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id, note: "first cut" });
    const again = await createDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id });
    expect(first.rowCount).toBe(3);
    expect(again.sha256).toBe(first.sha256);
    // Pinned: the integration suite runs on the embedded database and on the server, and both must print this.
    expect(first.sha256).toBe("dd84ce524e7ca4890be1b357220d5c4546b3d565821190a837d0dc577dd666b6");
    // The JSONL export is the canonical content: its SHA-256 is the version's.
    const jsonl = await exportDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id, version: 1, format: "jsonl", via: "ui" });
    expect(createHash("sha256").update(await collectBytes(jsonl.body)).digest("hex")).toBe(first.sha256);
  });

  it("freezes rows: a later adjudication changes the next version only, and the diff names the changed dimensions", async () => {
    const { project, users, items } = await makeDatasetProject();
    const dataset = await createDataset({ projectSlug: project.slug, actor: users.ml, name: "all-labels", definition: ALL_LABELS });
    const v1 = await createDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id, note: "before adjudication" });
    const before = await rowsOf(project.id, v1.id);
    expect(before.map((r) => r.output_id)).toEqual(["out_0001", "out_0002", "out_0003"]);
    expect(before[2]).toMatchObject({ gold: null, gold_source: null, agreement: expect.any(Number) });
    expect(before[0]).toMatchObject({ gold_source: "consensus", expected: "Refunds are issued within 5 business days of approval.", weight: 2.5, input_format: "chat", stratum: "billing", rubric_version: 1 });
    expect(before[1]).toMatchObject({ input_format: "text", input: [{ role: "user", content: "=Cancel my plan, please" }], output: 'Done: your plan is cancelled 🙂\n"Refund" to C:\\card\ttab\u0001', weight: 4 });
    expect(before[0].labels).toHaveLength(1);
    expect(before[0].labels[0].reviewer).toMatch(/^reviewer-[0-9a-f]{12}$/);

    await adjudicateItem({ projectSlug: project.slug, actor: users.lead, sampledItemId: items.c, values: { factuality: "minor_error", policy: "compliant", tone: 3, task_outcome: "partial_success", harm: "none" }, rationale: "Card was charged once." });
    const v2 = await createDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id, note: "after adjudication" });
    expect(await rowsOf(project.id, v1.id)).toEqual(before);
    const stored = await getDataset({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id });
    expect(stored.versions.map((v) => [v.version, v.sha256, v.note, v.createdBy])).toEqual([
      [2, v2.sha256, "after adjudication", "User ml"],
      [1, v1.sha256, "before adjudication", "User ml"],
    ]);
    expect(v2.sha256).not.toBe(v1.sha256);

    const result = await diffWithPreviousVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id, version: 2 });
    expect(result!.previous).toBe(1);
    expect(result!.diff.counts).toEqual({ added: 0, removed: 0, changed: 1, unchanged: 2 });
    expect(result!.diff.changed[0].outputId).toBe("out_0003");
    expect(result!.diff.changed[0].dimensions).toContainEqual({ key: "factuality", from: null, to: "minor_error" });
    expect(result!.diff.changed[0].fields).toEqual(expect.arrayContaining(["gold_source", "gold_decided_by"]));
  });

  it("refuses to change a frozen row or version in the database itself", async () => {
    const { project, users } = await makeDatasetProject();
    const dataset = await createDataset({ projectSlug: project.slug, actor: users.ml, name: "frozen", definition: { items: "gold" } });
    const v1 = await createDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id });
    expect(v1.rowCount).toBe(2);
    const db = await prisma();
    await expect(db.$executeRawUnsafe(`UPDATE "DatasetRow" SET line = '{}' WHERE "versionId" = $1`, v1.id)).rejects.toThrow(/frozen/);
    await expect(db.datasetVersion.update({ where: { id: v1.id }, data: { note: "rewritten" } })).rejects.toThrow(/frozen/);
    await expect(db.$executeRawUnsafe(`INSERT INTO "DatasetRow" ("versionId", ordinal, "projectId", "outputId", split, line) VALUES ($1, 99, $2, 'x', 'test', '{}')`, v1.id, project.id)).rejects.toThrow(/frozen/);
  });

  it("validates the definition, names the field, and keeps names unique", async () => {
    const { project, users } = await makeDatasetProject();
    await expect(createDataset({ projectSlug: project.slug, actor: users.ml, name: "Bad Name", definition: {} })).rejects.toMatchObject({ status: 400, issues: [expect.objectContaining({ field: "name" })] });
    await expect(createDataset({ projectSlug: project.slug, actor: users.ml, name: "ok", definition: { minAgreement: 2 } })).rejects.toMatchObject({ issues: [expect.objectContaining({ field: "definition.minAgreement" })] });
    await expect(createDataset({ projectSlug: project.slug, actor: users.ml, name: "ok", definition: { auditIds: ["nope"] } })).rejects.toMatchObject({ issues: [expect.objectContaining({ field: "definition.auditIds" })] });
    await createDataset({ projectSlug: project.slug, actor: users.ml, name: "ok", definition: {} });
    await expect(createDataset({ projectSlug: project.slug, actor: users.ml, name: "ok", definition: {} })).rejects.toMatchObject({ status: 409 });
    expect((await listDatasets({ projectSlug: project.slug, actor: users.lead })).map((d) => d.name)).toEqual(["ok"]);
  });

  it("lets only the permission table's roles and export-scoped keys export, hides other projects, and logs every export", async () => {
    const { project, users } = await makeDatasetProject();
    const other = await makeDatasetProject();
    const dataset = await createDataset({ projectSlug: project.slug, actor: users.ml, name: "perm", definition: { items: "gold" } });
    await createDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id });
    await expect(createDataset({ projectSlug: project.slug, actor: users.lead, name: "lead", definition: {} })).rejects.toMatchObject({ status: 403 });
    await expect(exportDatasetVersion({ projectSlug: project.slug, actor: users.r1, datasetId: dataset.id, version: 1, format: "csv", via: "ui" })).rejects.toMatchObject({ status: 403 });
    await expect(exportDatasetVersion({ projectSlug: other.project.slug, actor: other.users.ml, datasetId: dataset.id, version: 1, format: "csv", via: "ui" })).rejects.toMatchObject({ status: 404 });
    await expect(exportDatasetVersion({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id, version: 1, format: "xlsx", via: "ui" })).rejects.toMatchObject({ status: 400, issues: [expect.objectContaining({ field: "format" })] });
    const key: ApiKeyActor = { kind: "apiKey", apiKeyId: "k1", projectId: project.id, scopes: ["export"] };
    const csv = await exportDatasetVersion({ actor: key, datasetId: dataset.id, version: "1", format: "csv", via: "api" });
    expect(Buffer.from(await collectBytes(csv.body)).toString("utf8")).toContain('"out_0002"');
    await expect(exportDatasetVersion({ actor: { ...key, scopes: ["ingest"] }, datasetId: dataset.id, version: 1, format: "csv", via: "api" })).rejects.toMatchObject({ status: 403 });
    await expect(exportDatasetVersion({ actor: { ...key, projectId: other.project.id }, datasetId: dataset.id, version: 1, format: "csv", via: "api" })).rejects.toMatchObject({ status: 404 });
    await exportDatasetVersion({ projectSlug: project.slug, actor: users.lead, datasetId: dataset.id, version: 1, format: "huggingface", via: "ui" });
    const log = await listExports({ projectSlug: project.slug, actor: users.ml, datasetId: dataset.id });
    expect(log.map((e) => [e.format, e.via, e.version, e.by])).toEqual([
      ["huggingface", "ui", 1, "User lead"],
      ["csv", "api", 1, 'API key "revoked"'],
    ]);
  });
});
