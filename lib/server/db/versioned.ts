// Versioned rows (rubrics, audit plans): every save inserts version n + 1, never updates. A unique
// (projectId, version) index turns two simultaneous saves into one success and one retry.

/** A unique-constraint violation, as Prisma (P2002) or the driver (SQLSTATE 23505) reports it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; meta?: { code?: string }; message?: string };
  return e?.code === "P2002" || e?.code === "23505" || e?.meta?.code === "23505" || /unique constraint/i.test(e?.message ?? "");
}

/** Inserts the next version after `latestVersion()`; retried a few times when another save took the number. */
export async function insertNextVersion<T>(latestVersion: () => Promise<number | null>, insert: (version: number) => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const version = ((await latestVersion()) ?? 0) + 1;
    try {
      return await insert(version);
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
