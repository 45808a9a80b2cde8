import { describe, expect, it } from "vitest";
import { getDatabase, prisma } from "@/lib/server/db/client";
import { makeProject } from "@/tests/fixtures";
import { ForbiddenError, ValidationError } from "@/lib/server/errors";
import { insertLoggedOutputs } from "./insert-outputs";
import { readCheckSettings, runCheckBackfill, saveCheckSettings } from "./check-settings";

describe("check settings", () => {
  it("refuses invalid definitions naming the field and writes nothing; reviewers and QA leads cannot edit", async () => {
    const { project, members } = await makeProject();
    await expect(saveCheckSettings({ actor: members.admin, projectSlug: project.slug, settings: { format: [{ taskType: "x", format: "json", schema: { type: 12 } }] } })).rejects.toMatchObject({
      issues: [{ field: "format.0.schema", message: expect.stringContaining("not a valid JSON Schema") }],
    });
    await expect(saveCheckSettings({ actor: members.admin, projectSlug: project.slug, settings: { latencySlaMs: { default: -5 } } })).rejects.toBeInstanceOf(ValidationError);
    expect((await readCheckSettings({ actor: members.admin, projectSlug: project.slug })).version).toBe(0);
    await expect(saveCheckSettings({ actor: members.reviewer, projectSlug: project.slug, settings: {} })).rejects.toBeInstanceOf(ForbiddenError);
    await expect(saveCheckSettings({ actor: members.qa_lead, projectSlug: project.slug, settings: {} })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it("computes checks at ingest with the version in force, and recomputes them after a change only once the backfill ran", async () => {
    const { project, members } = await makeProject();
    const db = await getDatabase();
    const row = (id: string, output: string, latencyMs: number) => ({ externalId: id, timestamp: new Date(Date.UTC(2026, 5, 1)), taskType: "extract", model: null, input: "q", output, context: null, metadata: { latencyMs }, signals: null, redactions: 0 });
    await saveCheckSettings({ actor: members.ml_engineer, projectSlug: project.slug, settings: { format: [{ taskType: "extract", format: "json", schema: { type: "object", required: ["a"] } }], latencySlaMs: { default: 1000 } } });
    await insertLoggedOutputs(db, project.id, [row("a", '{"a":1}', 500), row("b", '{"b":1}', 1500), row("c", "I can't help with that", 10)]);
    const client = await prisma();
    const read = async () => Object.fromEntries((await client.loggedOutput.findMany({ where: { projectId: project.id }, select: { externalId: true, formatValid: true, overLatencySla: true, refusal: true, checksVersion: true } })).map((o) => [o.externalId, [o.formatValid, o.overLatencySla, o.refusal, o.checksVersion]]));
    expect(await read()).toEqual({ a: [true, false, false, 1], b: [false, true, false, 1], c: [false, false, true, 1] });

    const saved = await saveCheckSettings({ actor: members.admin, projectSlug: project.slug, settings: { format: [{ taskType: "extract", format: "json" }], refusal: { enabled: false }, latencySlaMs: { default: 100 } } });
    expect(saved.version).toBe(2);
    expect((await readCheckSettings({ actor: members.admin, projectSlug: project.slug })).backfill.done).toBe(false);
    expect(await runCheckBackfill({ projectId: project.id, batchSize: 2 })).toEqual({ updated: 3, done: true });
    expect(await read()).toEqual({ a: [true, true, null, 2], b: [true, true, null, 2], c: [false, false, null, 2] });
    expect((await readCheckSettings({ actor: members.admin, projectSlug: project.slug })).backfill.done).toBe(true);
    // Running it again finds nothing to do.
    expect(await runCheckBackfill({ projectId: project.id })).toEqual({ updated: 0, done: true });
  });
});
