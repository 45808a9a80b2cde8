// A signed-off month is read-only: every change to one of its incidents is refused here.
import "server-only";
import { ConflictError } from "@/lib/server/errors";
import { monthKeyAt, monthTitle } from "@/lib/incidents/monthly";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";

type Tx = Prisma.TransactionClient | PrismaClient;

export async function signedOffMonth(db: Tx, projectId: string, instant: Date, timeZone: string) {
  const month = monthKeyAt(instant, timeZone);
  const signOff = await db.monthlyReviewSignOff.findUnique({ where: { projectId_month: { projectId, month } }, select: { month: true, signedAt: true, signedById: true } });
  return signOff;
}

export async function assertMonthOpen(db: Tx, projectId: string, instant: Date, timeZone: string): Promise<void> {
  const signOff = await signedOffMonth(db, projectId, instant, timeZone);
  if (!signOff) return;
  const signer = await db.user.findUnique({ where: { id: signOff.signedById }, select: { name: true, email: true } });
  throw new ConflictError(
    `${monthTitle(signOff.month)} was signed off by ${signer?.name ?? signer?.email ?? "a QA lead"} on ${signOff.signedAt.toISOString().slice(0, 10)}: its incidents are read-only. Record a follow-up incident in the current month instead.`,
  );
}
