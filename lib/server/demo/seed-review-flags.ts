// Demo skips and flags, so that a QA lead's review page shows what reviewers hand over: the
// finance reviewer gives one open item up (conflict of interest) and the safety reviewer flags
// one for a look. Both go through the same functions as the workspace. A reviewer with fewer than
// three open items is left alone, so every demo queue keeps items to label.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { DEMO_PROJECT } from "@/lib/demo/users";
import type { UserActor } from "@/lib/server/auth/actor";
import { flagAssignment, skipAssignment } from "@/lib/server/review/skip-flag";

const DEMO_HANDOVERS = [
  { email: "finance@demo.assay", kind: "skip", reason: "Conflict of interest: I advised this customer's account before joining the review team" },
  { email: "safety@demo.assay", kind: "flag", reason: "The guidelines do not say how to label this" },
] as const;

export async function seedDemoReviewFlags(): Promise<{ skipped: number; flagged: number }> {
  const db = await prisma();
  const project = await db.project.findUniqueOrThrow({ where: { slug: DEMO_PROJECT.slug }, select: { id: true, slug: true } });
  const done = { skipped: 0, flagged: 0 };
  for (const handover of DEMO_HANDOVERS) {
    const user = await db.user.findUnique({ where: { email: handover.email }, select: { id: true, email: true, name: true } });
    if (!user) continue;
    const open = await db.assignment.findMany({
      where: { projectId: project.id, reviewerId: user.id, status: "assigned", sampledItem: { status: "pending", audit: { status: "open" } } },
      orderBy: { id: "asc" },
      select: { id: true },
    });
    if (open.length < 3) continue;
    const actor: UserActor = { kind: "user", userId: user.id, email: user.email, name: user.name, isInstanceAdmin: false };
    const assignmentId = open[open.length - 1].id;
    if (handover.kind === "skip") {
      await skipAssignment({ projectSlug: project.slug, actor, assignmentId, reason: handover.reason });
      done.skipped++;
    } else {
      await flagAssignment({ projectSlug: project.slug, actor, assignmentId, reason: handover.reason });
      done.flagged++;
    }
  }
  return done;
}
