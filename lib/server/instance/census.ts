// What the start script reports and decides from (demo seeding, the startup lines): counts read
// through lib/server, so scripts/start.ts never queries Prisma itself.
import "server-only";
import { prisma } from "@/lib/server/db/client";

export async function countUsers(): Promise<number> {
  return (await prisma()).user.count();
}

export async function projectExists(slug: string): Promise<boolean> {
  return (await (await prisma()).project.count({ where: { slug } })) > 0;
}
