// Defence in depth (issue 19): a child row names its project, and its reference to a parent goes
// through (projectId, id), so the database itself refuses a row that points into another project,
// whatever a query above it got wrong. Each case writes straight to the table, as a buggy query
// would, and expects PostgreSQL's foreign key violation.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { prisma } from "@/lib/server/db/client";
import { makeReviewProject, GOOD_LABEL } from "@/tests/fixtures/review";

type Setup = Awaited<ReturnType<typeof makeReviewProject>>;
let a: Setup;
let b: Setup;
const id = () => crypto.randomUUID();

beforeAll(async () => {
  a = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }] });
  b = await makeReviewProject({ reviewers: [["billing"]], items: [{ stratum: "billing" }] });
});

async function expectRefused(statement: () => Promise<unknown>) {
  await expect(statement()).rejects.toThrow(/foreign key|violates|Foreign key constraint/i);
}

async function rubricOf(projectId: string) {
  const db = await prisma();
  return (await db.rubric.findFirst({ where: { projectId } })) ?? db.rubric.create({ data: { projectId, version: 1, dimensions: [] } });
}

describe("the database refuses a row of one project that points into another", () => {
  it("an audit on another project's plan", async () => {
    const db = await prisma();
    const planOfB = (await db.audit.findUniqueOrThrow({ where: { id: b.audit.id } })).planId;
    await expectRefused(() =>
      db.$executeRawUnsafe(
        `INSERT INTO "Audit" (id, "projectId", week, "weekStart", "weekEnd", seed, "planId", strata, population, "sampleSize", "dueAt") VALUES ($1, $2, 'x-week', now(), now(), 's', $3, '[]', 0, 0, now())`,
        id(),
        a.project.id,
        planOfB,
      ),
    );
  });

  it("a sampled item of one project's audit on another project's output", async () => {
    const db = await prisma();
    const outputOfB = b.items[0].outputId;
    await expectRefused(() => db.sampledItem.create({ data: { projectId: a.project.id, auditId: a.audit.id, outputId: outputOfB, stratum: "billing", inclusionProbability: 1, sampleKey: "1" } }));
    // and the item of B's audit claimed for project A
    const outputOfA = a.items[0].outputId;
    await expectRefused(() => db.sampledItem.create({ data: { projectId: a.project.id, auditId: b.audit.id, outputId: outputOfA, stratum: "billing", inclusionProbability: 1, sampleKey: "2" } }));
  });

  it("an assignment, a label, a flag and a gold label on another project's item", async () => {
    const db = await prisma();
    const itemOfB = b.items[0].id;
    const reviewer = a.reviewers[0].userId;
    await expectRefused(() => db.assignment.create({ data: { projectId: a.project.id, sampledItemId: itemOfB, reviewerId: reviewer } }));
    const rubric = await rubricOf(a.project.id);
    const own = await db.assignment.create({ data: { projectId: a.project.id, sampledItemId: a.items[0].id, reviewerId: reviewer } });
    await expectRefused(() => db.label.create({ data: { projectId: a.project.id, sampledItemId: itemOfB, assignmentId: own.id, reviewerId: reviewer, rubricId: rubric.id, values: GOOD_LABEL } }));
    await expectRefused(() => db.reviewFlag.create({ data: { projectId: a.project.id, sampledItemId: itemOfB, assignmentId: own.id, kind: "flag", reason: "x", createdById: reviewer } }));
    await expectRefused(() => db.goldLabel.create({ data: { projectId: a.project.id, sampledItemId: itemOfB, rubricId: rubric.id, values: GOOD_LABEL, source: "consensus" } }));
  });

  it("a label under another project's rubric or on another project's assignment", async () => {
    const db = await prisma();
    const reviewer = a.reviewers[0].userId;
    const rubricOfB = await rubricOf(b.project.id);
    const own = await db.assignment.upsert({
      where: { sampledItemId_reviewerId: { sampledItemId: a.items[0].id, reviewerId: reviewer } },
      create: { projectId: a.project.id, sampledItemId: a.items[0].id, reviewerId: reviewer },
      update: {},
    });
    await expectRefused(() => db.label.create({ data: { projectId: a.project.id, sampledItemId: a.items[0].id, assignmentId: own.id, reviewerId: reviewer, rubricId: rubricOfB.id, values: GOOD_LABEL } }));
    const assignmentOfB = await db.assignment.create({ data: { projectId: b.project.id, sampledItemId: b.items[0].id, reviewerId: b.reviewers[0].userId } });
    const rubric = await rubricOf(a.project.id);
    await expectRefused(() => db.label.create({ data: { projectId: a.project.id, sampledItemId: a.items[0].id, assignmentId: assignmentOfB.id, reviewerId: reviewer, rubricId: rubric.id, values: GOOD_LABEL } }));
  });

  it("an incident linking another project's output, and a dataset version of another project's dataset", async () => {
    const db = await prisma();
    const incident = await db.incident.create({ data: { projectId: a.project.id, number: 1, title: "t", kind: "near_miss", severity: "S3", category: "other", source: "manual", detectedAt: new Date() } });
    await expectRefused(() => db.incidentOutput.create({ data: { projectId: a.project.id, incidentId: incident.id, outputId: b.items[0].outputId } }));
    const incidentOfB = await db.incident.create({ data: { projectId: b.project.id, number: 1, title: "t", kind: "near_miss", severity: "S3", category: "other", source: "manual", detectedAt: new Date() } });
    await expectRefused(() => db.incidentOutput.create({ data: { projectId: a.project.id, incidentId: incidentOfB.id, outputId: a.items[0].outputId } }));
    const datasetOfB = await db.dataset.create({ data: { projectId: b.project.id, name: "d", definition: {} } });
    await expectRefused(() =>
      db.$executeRawUnsafe(`INSERT INTO "DatasetVersion" (id, "projectId", "datasetId", version, definition, dimensions, "rowCount", sha256, splits) VALUES ($1, $2, $3, 1, '{}', '[]', 0, 'x', '[]')`, id(), a.project.id, datasetOfB.id),
    );
  });

  it("an audit's status change or result snapshot, a gold version and a review event of another project's audit or item", async () => {
    const db = await prisma();
    const rubric = await rubricOf(a.project.id);
    await expectRefused(() => db.auditStatusChange.create({ data: { projectId: a.project.id, auditId: b.audit.id, fromStatus: "open", toStatus: "closed" } }));
    await expectRefused(() => db.auditResultSnapshot.create({ data: { projectId: a.project.id, auditId: b.audit.id, closedAt: new Date(), rubricId: rubric.id, results: {} } }));
    await expectRefused(() =>
      db.goldLabelVersion.create({ data: { id: id(), projectId: a.project.id, sampledItemId: b.items[0].id, rubricId: rubric.id, values: GOOD_LABEL, source: "consensus", isCurrent: true, decidedAt: new Date() } }),
    );
    await expectRefused(() =>
      db.reviewEvent.create({
        data: { id: id(), projectId: a.project.id, kind: "label_submitted", auditId: a.audit.id, sampledItemId: b.items[0].id, outputId: a.items[0].outputId, rubricId: rubric.id, values: GOOD_LABEL, createdAt: new Date() },
      }),
    );
    // Within project A the same rows are accepted.
    await expect(db.auditStatusChange.create({ data: { projectId: a.project.id, auditId: a.audit.id, fromStatus: "open", toStatus: "closed" } })).resolves.toBeTruthy();
    await expect(
      db.reviewEvent.create({
        data: { id: id(), projectId: a.project.id, kind: "label_submitted", auditId: a.audit.id, sampledItemId: a.items[0].id, outputId: a.items[0].outputId, rubricId: rubric.id, values: GOOD_LABEL, createdAt: new Date(), processedAt: new Date() },
      }),
    ).resolves.toBeTruthy();
  });

  it("an incident's timeline entry or linked label, a dataset row or export, and a webhook delivery of another project's parent", async () => {
    const db = await prisma();
    const incidentOfB = await db.incident.create({ data: { projectId: b.project.id, number: 3, title: "t", kind: "near_miss", severity: "S3", category: "other", source: "manual", detectedAt: new Date() } });
    await expectRefused(() => db.incidentTimelineEntry.create({ data: { projectId: a.project.id, incidentId: incidentOfB.id, action: "comment", comment: "x" } }));
    await expectRefused(() => db.incidentLabel.create({ data: { projectId: a.project.id, incidentId: incidentOfB.id, labelId: id(), sampledItemId: a.items[0].id, labelKind: "label" } }));
    const datasetOfB = await db.dataset.create({ data: { projectId: b.project.id, name: "d2", definition: {} } });
    // sha256 still empty: a version being written, which takes rows (a finished one is frozen).
    const versionOfB = await db.datasetVersion.create({ data: { projectId: b.project.id, datasetId: datasetOfB.id, version: 1, definition: {}, dimensions: [], splits: [], rowCount: 0, sha256: "" } });
    await expectRefused(() => db.datasetRow.create({ data: { projectId: a.project.id, versionId: versionOfB.id, ordinal: 0, outputId: a.items[0].outputId, split: "train", line: "{}" } }));
    await expectRefused(() => db.datasetExport.create({ data: { projectId: a.project.id, versionId: versionOfB.id, format: "jsonl", via: "ui" } }));
    const webhookOfB = await db.webhook.create({ data: { projectId: b.project.id, url: "https://example.com/hook", secret: "s" } });
    await expectRefused(() => db.webhookDelivery.create({ data: { projectId: a.project.id, webhookId: webhookOfB.id, messageId: id(), attempt: 1, durationMs: 1 } }));
    // Within project B the same rows are accepted.
    await expect(db.datasetRow.create({ data: { projectId: b.project.id, versionId: versionOfB.id, ordinal: 0, outputId: b.items[0].outputId, split: "train", line: "{}" } })).resolves.toBeTruthy();
    await expect(db.webhookDelivery.create({ data: { projectId: b.project.id, webhookId: webhookOfB.id, messageId: id(), attempt: 1, durationMs: 1 } })).resolves.toBeTruthy();
    await expect(db.incidentTimelineEntry.create({ data: { projectId: b.project.id, incidentId: incidentOfB.id, action: "comment", comment: "x" } })).resolves.toBeTruthy();
  });

  it("a label revision of another project's label", async () => {
    const db = await prisma();
    const reviewerOfB = b.reviewers[0].userId;
    const assignmentOfB = await db.assignment.upsert({
      where: { sampledItemId_reviewerId: { sampledItemId: b.items[0].id, reviewerId: reviewerOfB } },
      create: { projectId: b.project.id, sampledItemId: b.items[0].id, reviewerId: reviewerOfB },
      update: {},
    });
    const rubricOfB = await rubricOf(b.project.id);
    const labelOfB = await db.label.create({ data: { projectId: b.project.id, sampledItemId: b.items[0].id, assignmentId: assignmentOfB.id, reviewerId: reviewerOfB, rubricId: rubricOfB.id, values: GOOD_LABEL } });
    await expectRefused(() => db.labelRevision.create({ data: { projectId: a.project.id, labelId: labelOfB.id, editorId: a.reviewers[0].userId, after: GOOD_LABEL } }));
    // The raw statement a buggy label write would run, too.
    await expectRefused(() =>
      db.$executeRawUnsafe(`INSERT INTO "LabelRevision" (id, "projectId", "labelId", "editorId", "after") VALUES ($1, $2, $3, $4, '{}')`, id(), a.project.id, labelOfB.id, a.reviewers[0].userId),
    );
    // Within project B the same revision is accepted.
    await expect(db.labelRevision.create({ data: { projectId: b.project.id, labelId: labelOfB.id, editorId: reviewerOfB, after: GOOD_LABEL } })).resolves.toBeTruthy();
  });

  it("the same rows within one project are accepted (the keys refuse only the crossing)", async () => {
    const db = await prisma();
    const incident = await db.incident.create({ data: { projectId: a.project.id, number: 2, title: "t", kind: "near_miss", severity: "S3", category: "other", source: "manual", detectedAt: new Date() } });
    await expect(db.incidentOutput.create({ data: { projectId: a.project.id, incidentId: incident.id, outputId: a.items[0].outputId } })).resolves.toBeTruthy();
    const other = await db.user.create({ data: { email: `x-${id()}@example.test` } });
    await expect(db.assignment.create({ data: { projectId: a.project.id, sampledItemId: a.items[0].id, reviewerId: other.id } })).resolves.toBeTruthy();
  });
});
