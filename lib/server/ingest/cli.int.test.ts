// The import CLI as a real child process against a real HTTP server: a 100k-line file, the
// CLI killed midway, then re-run: exactly 100k outputs, none twice.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { insertApiKey } from "@/lib/server/projects/api-keys";
import { makeProject } from "@/tests/fixtures";
import { startRouteServer } from "@/tests/ingest-test-server";

vi.mock("@/lib/server/auth/auth", () => ({ auth: async () => null }));
const { POST } = await import("@/app/api/v1/outputs/route");

const TOTAL = 100_000;
let server: Awaited<ReturnType<typeof startRouteServer>>;
let dir: string;
beforeAll(async () => {
  server = await startRouteServer({ "/api/v1/outputs": POST });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "assay-cli-"));
});
afterAll(async () => {
  await server?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string> = {}) {
  // One process (node with the tsx loader, not the tsx wrapper), so that killing it kills the CLI.
  const child = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node/register.mjs", "scripts/assay.ts", "ingest", ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += d));
  child.stderr.on("data", (d) => (stderr += d));
  const done = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { child, done, output: () => ({ stdout, stderr }) };
}

async function count(projectId: string) {
  return (await prisma()).loggedOutput.count({ where: { projectId } });
}

describe("assay ingest", () => {
  it("imports 100k lines, survives being killed midway, and re-runs to exactly 100k", { timeout: 600_000 }, async () => {
    const { project } = await makeProject();
    const key = await insertApiKey({ projectId: project.id, name: "cli", scopes: ["ingest"], createdById: null });
    const file = path.join(dir, "outputs.jsonl");
    const out = fs.createWriteStream(file);
    for (let i = 0; i < TOTAL; i++) {
      out.write(JSON.stringify({ id: `cli-${i}`, timestamp: new Date(Date.UTC(2025, 4, 1) + i * 1000).toISOString(), input: `question ${i}`, output: `answer ${i}`, metadata: { taskType: i % 2 ? "billing" : "refunds" } }) + "\n");
    }
    await new Promise((resolve) => out.end(resolve));
    const args = [file, "--project", project.slug, "--url", server.url, "--batch", "2000"];

    const first = runCli(args, { ASSAY_API_KEY: key.secret });
    // Kill it once its progress line reports a real share (but not all) of the file sent.
    const sentSoFar = () => Math.max(0, ...[...first.output().stderr.matchAll(/progress [\d.]+% ([\d,]+) records/g)].map((m) => Number(m[1].replace(/,/g, ""))));
    const deadline = Date.now() + 300_000;
    while (sentSoFar() < 10_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    first.child.kill("SIGKILL");
    await first.done;
    // A batch the CLI sent just before dying may still be being written: wait until the count settles.
    let afterKill = await count(project.id);
    for (let settled = 0; settled < 3; ) {
      await new Promise((r) => setTimeout(r, 300));
      const now = await count(project.id);
      settled = now === afterKill ? settled + 1 : 0;
      afterKill = now;
    }
    expect(afterKill).toBeGreaterThanOrEqual(10_000);
    expect(afterKill).toBeLessThan(TOTAL);
    expect(first.output().stderr).toMatch(/progress [\d.]+% [\d,]+ records, [\d,]+\/s, ETA \d\d:\d\d/);

    const second = runCli(args, { ASSAY_API_KEY: key.secret });
    expect(await second.done).toBe(0);
    expect(await count(project.id)).toBe(TOTAL);
    // Everything stored before the kill comes back as a duplicate, never as a second row.
    expect(second.output().stdout).toContain(`${TOTAL - afterKill} stored, ${afterKill} duplicates skipped, 0 rejected`);
  });

  it("reports rejected CSV and JSONL lines by line number and refuses another project", { timeout: 120_000 }, async () => {
    const { project } = await makeProject();
    const other = await makeProject();
    const key = await insertApiKey({ projectId: project.id, name: "cli", scopes: ["ingest"], createdById: null });
    const csv = path.join(dir, "small.csv");
    fs.writeFileSync(
      csv,
      [
        "id,timestamp,input,output,metadata.taskType,metadata.tokensIn",
        "c1,2025-05-01T10:00:00Z,Where is my refund?,It is on its way.,refunds,12",
        'c2,not-a-date,"Hello, there",Hi,general,3',
        "c3,2025-05-01T10:02:00Z,Question,Answer,billing,lots",
        'c4,2025-05-01T10:03:00Z,"[{""role"":""user"",""content"":""multi""}]",ok,billing,5',
      ].join("\n") + "\n",
    );
    const run = runCli([csv, "--project", project.slug, "--url", server.url, "--api-key", key.secret]);
    expect(await run.done).toBe(1);
    const { stdout, stderr } = run.output();
    expect(stderr).toMatch(/line 3 \(id c2\): timestamp:/);
    expect(stderr).toMatch(/line 4 \(id c3\): metadata.tokensIn: must be a number/);
    expect(stdout).toContain("2 stored, 0 duplicates skipped, 2 rejected");
    const c4 = await (await prisma()).loggedOutput.findFirstOrThrow({ where: { projectId: project.id, externalId: "c4" } });
    expect(c4.input).toEqual([{ role: "user", content: "multi" }]);

    const jsonl = path.join(dir, "small.jsonl");
    fs.writeFileSync(jsonl, `{"id":"j1","timestamp":"2025-05-01T10:00:00Z","input":"a","output":"b"}\n\n{broken\n`);
    const run2 = runCli([jsonl, "--project", project.slug, "--url", server.url, "--api-key", key.secret]);
    expect(await run2.done).toBe(1);
    expect(run2.output().stderr).toMatch(/line 3: \(record\): not valid JSON/);

    const wrong = runCli([jsonl, "--project", other.project.slug, "--url", server.url, "--api-key", key.secret]);
    expect(await wrong.done).toBe(2);
    expect(wrong.output().stderr).toMatch(/not found for this API key/);
    expect(await count(other.project.id)).toBe(0);
  });

  it("names the line of a record the database could not have stored, and of a line that is not UTF-8, storing the rest (issue 11)", { timeout: 120_000 }, async () => {
    const { project } = await makeProject();
    const key = await insertApiKey({ projectId: project.id, name: "cli", scopes: ["ingest"], createdById: null });
    const file = path.join(dir, "issue-11.jsonl");
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`{"id":"y1","timestamp":"2025-05-01T10:00:00Z","input":"q","output":"a"}\n`),
        Buffer.from(`{"id":"y0","timestamp":"0000-01-01T00:00:00Z","input":"q","output":"a"}\n`),
        Buffer.from(`{"id":"y2","timestamp":"2025-05-01T10:00:00Z","input":"q","output":"caf\xe9"}\n`, "latin1"),
        Buffer.from(`{"id":"y3","timestamp":"2025-05-01T10:01:00Z","input":"q","output":"a"}\n`),
      ]),
    );
    const run = runCli([file, "--project", project.slug, "--url", server.url, "--api-key", key.secret]);
    expect(await run.done).toBe(1);
    const { stdout, stderr } = run.output();
    expect(stderr).toMatch(/line 2 \(id y0\): timestamp: is before 1970-01-01/);
    expect(stderr).toMatch(/line 3: \(record\): the line is not valid UTF-8/);
    expect(stdout).toContain("2 stored, 0 duplicates skipped, 2 rejected");
    expect(await count(project.id)).toBe(2);
  });
});
