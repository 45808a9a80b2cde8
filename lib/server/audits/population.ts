// The SQL of the draw: population counts per stratum, and the sample itself, both inside the
// database. An output's position in the draw is a 64-bit hash of (seed, externalId); each stratum
// takes its n_h smallest positions. Nothing of the week is loaded into Node.
import "server-only";
import type { Prisma, PrismaClient } from "@/generated/prisma/client";
import { sampleHashSeed } from "@/lib/audits/sample-key";

type Tx = Prisma.TransactionClient | PrismaClient;

/**
 * hashtextextended is PostgreSQL's seeded 64-bit text hash (the one hash partitioning relies on, so
 * it is kept stable across versions and exists on PostgreSQL ≥ 11 and PGlite). It is several times
 * cheaper than md5 and leaves the draw dominated by reading the week. `seedParam` holds
 * sampleHashSeed(audit seed).
 */
function sampleKeySql(seedParam: string): string {
  return `hashtextextended(o."externalId", ${seedParam}::bigint)`;
}

/** The stratum of an output: its task type or a metadata value; '' when missing. */
function stratumSql(stratifyBy: string, keyParam: string): string {
  return stratifyBy === "taskType" ? `coalesce(o."taskType", '')` : `coalesce(o."metadata"->>${keyParam}, '')`;
}

const HOUR_MS = 3_600_000;

/**
 * Outputs per stratum in [start, end). By task type the whole hours come from the trigger-kept
 * OutputHourlyCount and only the partial hours at the edges (time zones off the hour, a "draw now"
 * ending mid-hour) are counted from the outputs, so the draw reads the week once, not twice.
 * Any other stratification key counts the week from the outputs.
 */
export async function countStrata(db: Tx, o: { projectId: string; stratifyBy: string; start: Date; end: Date }): Promise<Record<string, number>> {
  const window = { projectId: o.projectId, start: o.start, end: o.end };
  if (o.stratifyBy !== "taskType") return countStrataFromOutputs(db, { ...window, stratifyBy: o.stratifyBy });
  const firstWholeHour = new Date(Math.ceil(o.start.getTime() / HOUR_MS) * HOUR_MS);
  const endOfWholeHours = new Date(Math.floor(o.end.getTime() / HOUR_MS) * HOUR_MS);
  if (firstWholeHour >= endOfWholeHours) return countStrataFromOutputs(db, { ...window, stratifyBy: "taskType" });
  const rows = await db.$queryRawUnsafe<{ stratum: string; n: number }[]>(
    `SELECT stratum, sum(n)::int AS n FROM (
       SELECT c."taskType" AS stratum, sum(c."outputs") AS n
         FROM "OutputHourlyCount" c
        WHERE c."projectId" = $1 AND c."hour" >= $2::timestamptz AND c."hour" < $3::timestamptz
        GROUP BY 1
       UNION ALL
       SELECT coalesce(o."taskType", ''), count(*)
         FROM "LoggedOutput" o
        WHERE o."projectId" = $1
          AND ((o."timestamp" >= $4::timestamptz AND o."timestamp" < $2::timestamptz) OR (o."timestamp" >= $3::timestamptz AND o."timestamp" < $5::timestamptz))
        GROUP BY 1) parts
     GROUP BY stratum
     HAVING sum(n) > 0`,
    o.projectId,
    firstWholeHour.toISOString(),
    endOfWholeHours.toISOString(),
    o.start.toISOString(),
    o.end.toISOString(),
  );
  return Object.fromEntries(rows.map((r) => [r.stratum, Number(r.n)]));
}

/** Counts the window's outputs per stratum by reading them (the reference the counters are tested against). */
export async function countStrataFromOutputs(db: Tx, o: { projectId: string; stratifyBy: string; start: Date; end: Date }): Promise<Record<string, number>> {
  const rows = await db.$queryRawUnsafe<{ stratum: string; n: number }[]>(
    `SELECT ${stratumSql(o.stratifyBy, "$4")} AS stratum, count(*)::int AS n
       FROM "LoggedOutput" o
      WHERE o."projectId" = $1 AND o."timestamp" >= $2::timestamptz AND o."timestamp" < $3::timestamptz
      GROUP BY 1`,
    o.projectId,
    o.start.toISOString(),
    o.end.toISOString(),
    ...(o.stratifyBy === "taskType" ? [] : [o.stratifyBy]),
  );
  return Object.fromEntries(rows.map((r) => [r.stratum, Number(r.n)]));
}

export type StratumDraw = { stratum: string; n: number; overlap: number; inclusionProbability: number; population: number };

const MIN_KEY = -(2n ** 63n);
const MAX_KEY = 2n ** 63n - 1n;

/**
 * A key threshold below which a stratum of N outputs is all but certain to have at least n keys:
 * the keys are uniform over the 64-bit range, so the count below quantile q is Binomial(N, q); q is
 * set for n + 6√n + 20 expected keys (more than 6 standard deviations of headroom). Falling short
 * is still handled exactly (see selectSample), only slower.
 */
export function keyThreshold(n: number, population: number): bigint {
  if (n <= 0) return MIN_KEY;
  const q = (n + 6 * Math.sqrt(n) + 20) / population;
  if (q >= 1) return MAX_KEY;
  return MIN_KEY + BigInt(Math.floor(q * 2 ** 53)) * 2n ** 11n;
}

type Picked = { id: string; stratum: string; key: string; rn: number };

/**
 * Chooses the sample: in each stratum the n_h outputs with the smallest keys (ties by id). One
 * scan of the week, parallel where the server allows it, keeps only the outputs under the highest
 * stratum threshold (one integer comparison per output; a per-stratum lookup there measured half
 * a scan dearer); the few candidates are then held to their own stratum's threshold and a
 * row_number() picks the n_h smallest. A stratum with fewer candidates than n_h (vanishingly rare)
 * is re-read exactly, alone. Only the chosen items come back to Node.
 */
export async function selectSample(
  db: Tx,
  o: { projectId: string; stratifyBy: string; start: Date; end: Date; seed: string; strata: StratumDraw[] },
): Promise<Picked[]> {
  const take = o.strata.filter((s) => s.n > 0);
  if (take.length === 0) return [];
  const key = sampleKeySql("$4");
  const stratum = stratumSql(o.stratifyBy, "$7::text");
  const window = `o."projectId" = $1 AND o."timestamp" >= $2::timestamptz AND o."timestamp" < $3::timestamptz`;
  const run = (strata: { stratum: string; n: number; t: bigint }[]) =>
    db.$queryRawUnsafe<Picked[]>(
      `SELECT r.id::text AS id, r.stratum, r.key::text AS key, r.rn::int AS rn
         FROM (SELECT c.id, c.stratum, c.key, a.n,
                      row_number() OVER (PARTITION BY c.stratum ORDER BY c.key, c.id) AS rn,
                      count(*) OVER (PARTITION BY c.stratum) AS got
                 FROM (SELECT o.id, ${stratum} AS stratum, ${key} AS key FROM "LoggedOutput" o WHERE ${window} AND ${key} <= $5::bigint) c
                 JOIN (SELECT x.stratum, x.n, x.t::bigint AS t FROM jsonb_to_recordset($6::jsonb) AS x(stratum text, n int, t text)) a
                   ON a.stratum = c.stratum AND c.key <= a.t) r
        WHERE r.rn <= r.n AND r.got >= r.n`,
      o.projectId,
      o.start.toISOString(),
      o.end.toISOString(),
      sampleHashSeed(o.seed).toString(),
      strata.reduce((max, s) => (s.t > max ? s.t : max), MIN_KEY).toString(),
      JSON.stringify(strata.map((s) => ({ stratum: s.stratum, n: s.n, t: s.t.toString() }))),
      ...(o.stratifyBy === "taskType" ? [] : [o.stratifyBy]),
    );
  const first = await run(take.map((s) => ({ stratum: s.stratum, n: s.n, t: keyThreshold(s.n, s.population) })));
  const found = new Set(first.map((p) => p.stratum));
  const short = take.filter((s) => !found.has(s.stratum));
  if (short.length === 0) return first;
  return [...first, ...(await run(short.map((s) => ({ stratum: s.stratum, n: s.n, t: MAX_KEY }))))];
}

/**
 * Writes the chosen items. Within a stratum the first `overlap` items in key order get K
 * reviewers: a uniformly random subset of the sample, fixed by the seed.
 */
export async function insertSampledItems(
  db: Tx,
  o: { projectId: string; auditId: string; overlapReviewers: number; strata: StratumDraw[]; picked: Picked[] },
): Promise<number> {
  if (o.picked.length === 0) return 0;
  const by = new Map(o.strata.map((s) => [s.stratum, s]));
  const rows = o.picked.map((p) => {
    const s = by.get(p.stratum)!;
    return { id: p.id, stratum: p.stratum, key: p.key, prob: s.inclusionProbability, k: p.rn <= s.overlap ? o.overlapReviewers : 1 };
  });
  let inserted = 0;
  for (let i = 0; i < rows.length; i += 5000) {
    inserted += await db.$executeRawUnsafe(
      `INSERT INTO "SampledItem" ("id", "projectId", "auditId", "outputId", "stratum", "inclusionProbability", "sampleKey", "reviewersWanted")
       SELECT 'si' || replace(gen_random_uuid()::text, '-', ''), $1, $2, x.id, x.stratum, x.prob, x.key, x.k
         FROM jsonb_to_recordset($3::jsonb) AS x(id uuid, stratum text, key text, prob float8, k int)`,
      o.projectId,
      o.auditId,
      JSON.stringify(rows.slice(i, i + 5000)),
    );
  }
  return inserted;
}
