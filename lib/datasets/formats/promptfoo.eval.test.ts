// The exported promptfoo pair is loaded by the real promptfoo CLI (0.121.20, the last release
// for Node 20) and every test case runs: offline, the model under test is a local custom provider
// that answers with the reference, and the grader (for `similar` embeddings and `not-llm-rubric`)
// is a local provider too. Only the provider and grader are given on the command line; the
// exported files are used as written.
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { canonicalLine, sha256OfLines } from "../canonical";
import { exportVersion } from "../export";
import { asAsync, awkwardRows, collectBytes, TEST_DEFINITION, TEST_DIMENSIONS } from "../test-rows";

const run = promisify(execFile);

const PROVIDER = `export default class AnswerWithReference {
  id() { return "assay-test-model"; }
  async callApi(prompt, context) {
    const vars = context?.vars ?? {};
    return { output: vars.expected || vars.output || prompt };
  }
}
`;
const GRADER = `export default class LocalGrader {
  id() { return "assay-test-grader"; }
  async callApi() { return { output: JSON.stringify({ pass: false, score: 0, reason: "local grader: the rubric item does not apply" }) }; }
  async callEmbeddingApi(text) { return { embedding: [1, text.length % 7, 1] }; }
}
`;

describe("promptfoo loads the export", () => {
  it("runs every test case of the exported tests.yaml through promptfooconfig.yaml", { timeout: 180_000 }, async () => {
    const rows = awkwardRows();
    const info = {
      datasetName: "billing-regression", version: 1, sha256: sha256OfLines(rows.map(canonicalLine)), rowCount: rows.length, createdAt: "2026-11-30T12:00:00.000Z",
      note: null, projectName: "Support bot", splits: [{ name: "test", rows: rows.length }], dimensions: TEST_DIMENSIONS, definition: TEST_DEFINITION,
    };
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-promptfoo-"));
    try {
      const files = unzipSync(await collectBytes(exportVersion("promptfoo", info, () => asAsync(rows)).body));
      for (const [name, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), bytes);
      fs.writeFileSync(path.join(dir, "provider.mjs"), PROVIDER);
      fs.writeFileSync(path.join(dir, "grader.mjs"), GRADER);
      const bin = path.join(process.cwd(), "node_modules", ".bin", "promptfoo");
      const env = {
        ...process.env,
        PROMPTFOO_DISABLE_TELEMETRY: "1",
        PROMPTFOO_DISABLE_UPDATE: "1",
        PROMPTFOO_DISABLE_SHARING: "1",
        PROMPTFOO_DISABLE_REMOTE_GENERATION: "1",
        PROMPTFOO_CONFIG_DIR: path.join(dir, ".promptfoo"),
        METADATA_SERVER_DETECTION: "none",
        OPENAI_API_KEY: "",
      };
      const args = ["eval", "-c", "promptfooconfig.yaml", "-r", "file://provider.mjs", "--grader", "file://grader.mjs", "--no-cache", "--no-share", "--no-table", "--no-progress-bar", "-o", "results.json"];
      // promptfoo exits 100 when some assertions fail; that is a result, not a load error.
      await run(bin, args, { cwd: dir, env, timeout: 170_000 }).catch((error: { code?: number; stderr?: string }) => {
        if (error.code !== 100) throw error;
      });
      const output = JSON.parse(fs.readFileSync(path.join(dir, "results.json"), "utf8"));
      const results = output.results.results as { testCase: { description: string; metadata: Record<string, unknown> }; error?: string; success: boolean; prompt: { raw: string }; gradingResult: { componentResults: { assertion: { type: string } }[] } }[];
      expect(results.map((r) => r.testCase.description).sort()).toEqual(rows.map((r) => `${r.output_id} ${r.stratum} ${r.gold_source ?? "labels"}`).sort());
      for (const result of results) {
        expect(result.error ?? null).toBeNull();
        // The provider answered with the reference and the local grader judged every rubric item absent.
        expect(result.success).toBe(true);
        expect(result.gradingResult.componentResults.length).toBeGreaterThan(0);
      }
      const first = results.find((r) => r.testCase.metadata.assay_output_id === "out_0001")!;
      // The chat input went out as the JSON list of messages (the prompt is `{{ messages | dump }}`).
      expect(JSON.parse(first.prompt.raw)).toEqual(rows[0].input);
      expect(first.gradingResult.componentResults.map((c) => c.assertion.type)).toEqual(["similar", "not-llm-rubric"]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
