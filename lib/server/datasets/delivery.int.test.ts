// Delivery: the HTTP endpoint with an export-scoped key, and the CLI (in-process, on the test's database).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it, vi } from "vitest";
import { unzipSync } from "fflate";
import { parse as parseYaml } from "yaml";
import { prisma } from "@/lib/server/db/client";
import { insertApiKey } from "@/lib/server/projects/api-keys";
import { createDataset } from "./datasets";
import { createDatasetVersion } from "./versions";
import { makeDatasetProject } from "@/tests/fixtures/datasets";

vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));
// The CLI closes the database when it is done; here the database belongs to the test.
vi.mock("@/lib/server/db/client", async (original) => ({ ...(await original<typeof import("@/lib/server/db/client")>()), closeDatabase: async () => undefined }));
const { GET } = await import("@/app/api/v1/datasets/[id]/versions/[version]/route");
const { run: runExportCli } = await import("@/scripts/cli/export");

async function versionedDataset() {
  const setup = await makeDatasetProject();
  const dataset = await createDataset({ projectSlug: setup.project.slug, actor: setup.users.ml, name: `set-${setup.project.slug}`, definition: { items: "all_labels", split: { kind: "hash", testShare: 0.5, seed: "x" } } });
  const version = await createDatasetVersion({ projectSlug: setup.project.slug, actor: setup.users.ml, datasetId: dataset.id, note: "v1" });
  return { ...setup, dataset, version };
}

const get = (datasetId: string, version: string, query: string, key?: string) =>
  GET(new Request(`http://test/api/v1/datasets/${datasetId}/versions/${version}?${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }), { params: Promise.resolve({ id: datasetId, version }) });

describe("GET /api/v1/datasets/:id/versions/:v", () => {
  it("streams the version to an export-scoped key, with its hash and row count, and logs the export", async () => {
    const { project, dataset, version } = await versionedDataset();
    const { secret } = await insertApiKey({ projectId: project.id, name: "evals", scopes: ["export"], createdById: null });
    const response = await get(dataset.id, "1", "format=jsonl", secret);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-assay-sha256")).toBe(version.sha256);
    expect(response.headers.get("x-assay-row-count")).toBe("3");
    expect(response.headers.get("content-disposition")).toContain(`${dataset.name}-v1.jsonl`);
    const body = Buffer.from(await response.arrayBuffer());
    expect(createHash("sha256").update(body).digest("hex")).toBe(version.sha256);
    const hf = await get(dataset.id, "1", "format=huggingface", secret);
    const files = unzipSync(new Uint8Array(await hf.arrayBuffer()));
    expect(Object.keys(files)).toContain("README.md");
    const db = await prisma();
    expect(await db.datasetExport.count({ where: { projectId: project.id, via: "api" } })).toBe(2);
  });

  it("answers bad input and missing rights with a JSON error", async () => {
    const { project, dataset } = await versionedDataset();
    const other = await versionedDataset();
    const { secret } = await insertApiKey({ projectId: project.id, name: "evals", scopes: ["export"], createdById: null });
    const { secret: ingestOnly } = await insertApiKey({ projectId: project.id, name: "logger", scopes: ["ingest"], createdById: null });
    expect(await get(dataset.id, "1", "").then((r) => r.status)).toBe(401);
    const bad = await get(dataset.id, "1", "format=xlsx", secret);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ issues: [{ field: "format" }] });
    expect((await get(dataset.id, "zero", "format=csv", secret)).status).toBe(400);
    expect((await get(dataset.id, "7", "format=csv", secret)).status).toBe(404);
    expect((await get(dataset.id, "1", "format=csv", ingestOnly)).status).toBe(403);
    expect((await get(other.dataset.id, "1", "format=csv", secret)).status).toBe(404);
  });
});

describe("npm run assay -- export", () => {
  it("writes the version to a file and logs a CLI export; refuses bad arguments", async () => {
    const { project, dataset, version } = await versionedDataset();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-export-"));
    const log = vi.spyOn(console, "log").mockImplementation(() => undefined);
    const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const out = path.join(dir, "set.jsonl");
      expect(await runExportCli(["--dataset", dataset.name, "--version", "1", "--format", "jsonl", "--out", out])).toBe(0);
      expect(createHash("sha256").update(fs.readFileSync(out)).digest("hex")).toBe(version.sha256);
      expect(write.mock.calls.map((c) => String(c[0])).join("")).toContain("3/3 rows (100%)");
      const pf = path.join(dir, "pf.zip");
      expect(await runExportCli(["--dataset", dataset.name, "--version", "1", "--format", "promptfoo", "--out", pf, "--project", project.slug])).toBe(0);
      expect(parseYaml(Buffer.from(unzipSync(fs.readFileSync(pf))["tests.yaml"]).toString("utf8"))).toHaveLength(3);
      expect(await runExportCli(["--dataset", dataset.name, "--version", "1", "--format", "xml", "--out", out])).toBe(2);
      expect(await runExportCli(["--dataset", "missing", "--version", "1", "--format", "csv", "--out", out])).toBe(1);
      expect(await runExportCli(["--dataset", dataset.name, "--format", "csv", "--out", out])).toBe(2);
      expect(fs.existsSync(`${out}.partial`)).toBe(false);
      const db = await prisma();
      expect(await db.datasetExport.count({ where: { projectId: project.id, via: "cli" } })).toBe(2);
    } finally {
      log.mockRestore();
      error.mockRestore();
      write.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
