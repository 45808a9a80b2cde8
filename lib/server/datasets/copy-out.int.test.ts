// The COPY path (PostgreSQL server only) returns every stored line byte for byte, for a version
// large enough to span many socket reads and a paused socket.
import { createHash } from "node:crypto";
import { expect, it } from "vitest";
import { getDatabase } from "@/lib/server/db/client";
import { makeDatasetProject } from "@/tests/fixtures/datasets";
import { copyOutVersionJsonl } from "./copy-out";

it("streams 20,000 lines exactly, in order, however slowly they are read", async () => {
  const database = await getDatabase();
  if (database.kind !== "server" || !database.pool) return; // the embedded database reads in keyset batches
  const { project } = await makeDatasetProject();
  const db = database.prisma;
  await db.dataset.create({ data: { id: `ds-${project.id}`, projectId: project.id, name: "copy", definition: {} } });
  await db.datasetVersion.create({ data: { id: `v-${project.id}`, projectId: project.id, datasetId: `ds-${project.id}`, version: 1, definition: {}, dimensions: [], splits: [], rowCount: 0, sha256: "" } });
  await database.query(
    `INSERT INTO "DatasetRow" ("versionId", ordinal, "projectId", "outputId", split, line)
     SELECT $1, g, $2, 'o' || g, 'test', json_build_object('n', g, 'text', repeat('é"\\ ', 300) || g)::text FROM generate_series(1, 20000) g`,
    [`v-${project.id}`, project.id],
  );
  const expected = createHash("sha256");
  const { rows } = await database.query<{ line: string }>(`SELECT line FROM "DatasetRow" WHERE "versionId" = $1 ORDER BY ordinal`, [`v-${project.id}`]);
  for (const r of rows) expected.update(`${r.line}\n`);
  const got = createHash("sha256");
  let lines = 0;
  for await (const chunk of copyOutVersionJsonl(database.pool, { projectId: project.id, versionId: `v-${project.id}` })) {
    got.update(chunk);
    for (const byte of chunk) if (byte === 10) lines++;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  expect(lines).toBe(20000);
  expect(got.digest("hex")).toBe(expected.digest("hex"));
});
