// Versioned rows (rubrics, audit plans): every save inserts version n + 1, never updates. A unique
// (projectId, version) index turns two simultaneous saves into one success and one retry.

/** A unique-constraint violation, as Prisma (P2002) or the driver (SQLSTATE 23505) reports it. */
import "server-only";
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e?.code === "P2002" || e?.code === "23505" || e?.meta?.code === "23505" || /unique constraint/i.test(e?.message ?? "");
}

/** Enough for every member of a project saving at once; each collision is another save's success. */
const MAX_VERSION_ATTEMPTS = 50;

/**
 * Inserts the next version after `latestVersion()`, retried while other saves take the number.
 * Every collision means another save succeeded, so with n simultaneous saves each needs at most
 * n attempts (six concurrent saves by one QA lead used to exhaust a fixed three retries). It gives
 * up when a collision is not explained by a newer version (something else holds the number) or
 * after MAX_VERSION_ATTEMPTS.
 */
export async function insertNextVersion<T>(latestVersion: () => Promise<number | null>, insert: (version: number) => Promise<T>): Promise<T> {
  let lost = -1;
  let lostError: unknown;
  for (let attempt = 1; ; attempt++) {
    const version = ((await latestVersion()) ?? 0) + 1;
    if (version <= lost) throw lostError;
    try {
      return await insert(version);
    } catch (error) {
      if (attempt < MAX_VERSION_ATTEMPTS && isUniqueViolation(error)) {
        lost = version;
        lostError = error;
        continue;
      }
      throw error;
    }
  }
}
