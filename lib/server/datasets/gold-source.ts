// The one place the dataset code reads gold labels: the current GoldLabel row of each item, which is
// the gold "as of" the moment a version is frozen (versions are frozen at creation and never read
// gold again). Every earlier decision stays in GoldLabelVersion (lib/server/review/gold-history.ts).
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import type { SourceGold } from "@/lib/datasets/row";

type Tx = Prisma.TransactionClient | PrismaClient;

export async function readGoldForDataset(db: Tx, input: { projectId: string; sampledItemIds: readonly string[] }): Promise<Map<string, SourceGold>> {
  const gold = new Map<string, SourceGold>();
  if (input.sampledItemIds.length === 0) return gold;
  const rows = await db.$queryRawUnsafe<
    { sampledItemId: string; values: Record<string, unknown>; source: string; adjudicatorId: string | null; adjudicatorName: string | null; decidedAt: Date | string; rubricVersion: number }[]
  >(
    `SELECT g."sampledItemId", g."values", g.source, g."adjudicatorId", u.name AS "adjudicatorName", g."createdAt" AS "decidedAt", r.version AS "rubricVersion"
       FROM "GoldLabel" g
       JOIN "Rubric" r ON r.id = g."rubricId" AND r."projectId" = g."projectId"
       LEFT JOIN "User" u ON u.id = g."adjudicatorId"
      WHERE g."projectId" = $1 AND g."sampledItemId" = ANY($2::text[])`,
    input.projectId,
    [...input.sampledItemIds],
  );
  for (const row of rows) {
    gold.set(row.sampledItemId, {
      values: row.values,
      source: row.source === "adjudication" ? "adjudication" : "consensus",
      adjudicatorId: row.adjudicatorId,
      adjudicatorName: row.adjudicatorName,
      decidedAt: new Date(row.decidedAt),
      rubricVersion: Number(row.rubricVersion),
    });
  }
  return gold;
}
