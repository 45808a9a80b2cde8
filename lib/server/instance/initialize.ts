// Headless initialisation for deployments (as Langfuse does it): the ASSAY_INIT_* variables
// create an admin, a project and an API key on start when they are absent. Re-running with the
// same values changes nothing, so it is safe on every start.
import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/server/db/client";
import { hashPassword, PASSWORD_MIN_LENGTH } from "@/lib/server/auth/passwords";
import { hashApiKey, insertApiKey } from "@/lib/server/projects/api-keys";
import { projectSlugSchema } from "@/lib/validation";
import { ConfigurationError } from "./configuration-error";

const initSchema = z.object({
  ASSAY_INIT_ADMIN_EMAIL: z.string().trim().toLowerCase().email().optional(),
  ASSAY_INIT_ADMIN_PASSWORD: z.string().min(PASSWORD_MIN_LENGTH).optional(),
  ASSAY_INIT_PROJECT_SLUG: projectSlugSchema.optional(),
  ASSAY_INIT_PROJECT_NAME: z.string().trim().min(1).optional(),
  ASSAY_INIT_API_KEY: z.string().regex(/^assay_[A-Za-z0-9_-]{24,}$/, "must look like assay_ followed by at least 24 letters, digits, - or _").optional(),
});

export type InitializationReport = { createdAdmin: boolean; createdProject: boolean; createdApiKey: boolean };

/**
 * Checks the ASSAY_INIT_* variables without touching the database, so `npm start` can refuse a
 * malformed one before it builds or opens anything. Throws ConfigurationError naming the variable.
 */
export function checkInitSettings(env: Record<string, string | undefined> = process.env) {
  // An empty variable (ASSAY_INIT_API_KEY= in a compose file) means unset.
  const present = Object.fromEntries(Object.entries(env).filter(([key, value]) => key.startsWith("ASSAY_INIT_") && value !== ""));
  const parsed = initSchema.safeParse(present);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new ConfigurationError(`Invalid initialisation settings: ${problems}`);
  }
  const init = parsed.data;
  if (!init.ASSAY_INIT_ADMIN_EMAIL && !init.ASSAY_INIT_PROJECT_SLUG && !init.ASSAY_INIT_API_KEY) return null;
  if (!init.ASSAY_INIT_ADMIN_EMAIL || !init.ASSAY_INIT_ADMIN_PASSWORD) {
    throw new ConfigurationError("ASSAY_INIT_ADMIN_EMAIL and ASSAY_INIT_ADMIN_PASSWORD are both required for headless initialisation.");
  }
  if (init.ASSAY_INIT_API_KEY && !init.ASSAY_INIT_PROJECT_SLUG) {
    throw new ConfigurationError("ASSAY_INIT_API_KEY needs ASSAY_INIT_PROJECT_SLUG: a key belongs to a project.");
  }
  return { ...init, ASSAY_INIT_ADMIN_EMAIL: init.ASSAY_INIT_ADMIN_EMAIL, ASSAY_INIT_ADMIN_PASSWORD: init.ASSAY_INIT_ADMIN_PASSWORD };
}

export async function initializeInstanceFromEnv(env: Record<string, string | undefined> = process.env): Promise<InitializationReport> {
  const report: InitializationReport = { createdAdmin: false, createdProject: false, createdApiKey: false };
  const init = checkInitSettings(env);
  if (!init) return report;
  const db = await prisma();
  let admin = await db.user.findUnique({ where: { email: init.ASSAY_INIT_ADMIN_EMAIL } });
  if (!admin) {
    admin = await db.user.create({
      data: { email: init.ASSAY_INIT_ADMIN_EMAIL, passwordHash: await hashPassword(init.ASSAY_INIT_ADMIN_PASSWORD), isInstanceAdmin: true, name: "Administrator" },
    });
    report.createdAdmin = true;
  }
  if (!init.ASSAY_INIT_PROJECT_SLUG) return report;
  let project = await db.project.findUnique({ where: { slug: init.ASSAY_INIT_PROJECT_SLUG } });
  if (!project) {
    project = await db.project.create({
      data: {
        slug: init.ASSAY_INIT_PROJECT_SLUG,
        name: init.ASSAY_INIT_PROJECT_NAME ?? init.ASSAY_INIT_PROJECT_SLUG,
        memberships: { create: { userId: admin.id, role: "admin" } },
      },
    });
    report.createdProject = true;
  }
  if (init.ASSAY_INIT_API_KEY) {
    const existing = await db.apiKey.findUnique({ where: { hash: hashApiKey(init.ASSAY_INIT_API_KEY) } });
    if (existing && existing.projectId !== project.id) {
      throw new ConfigurationError("ASSAY_INIT_API_KEY already belongs to another project.");
    }
    if (!existing) {
      await insertApiKey({ projectId: project.id, name: "initial key", scopes: ["ingest", "export"], createdById: admin.id, secret: init.ASSAY_INIT_API_KEY });
      report.createdApiKey = true;
    }
  }
  return report;
}
