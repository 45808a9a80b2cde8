// The monthly review: a month's incidents and rates (project time zone), the weighted estimate
// of harmful outputs, recovery times, the near-miss trend, overdue incidents; sign-off, after
// which the month's figures are kept as signed and its incidents are read-only; CSV export.
import "server-only";
import { z } from "zod";
import { prisma } from "@/lib/server/db/client";
import { ConflictError, ValidationError } from "@/lib/server/errors";
import { authorizeProject } from "@/lib/server/auth/authorize";
import { can } from "@/lib/auth/permissions";
import { userDisplayNames } from "@/lib/server/review/items";
import type { Actor } from "@/lib/server/auth/actor";
import { derivedDurations, slaAgeing } from "@/lib/incidents/lifecycle";
import { isMonthKey, median, monthKeyAt, monthRange, monthTitle, nearMissTrend, ratePerThousand, shiftMonth, type NearMissTrend, type RatePerThousand } from "@/lib/incidents/monthly";
import { weightedHarmEstimate, type PopulationEstimate } from "@/lib/incidents/estimate";
import { toCsv } from "@/lib/incidents/csv";
import { INCIDENT_CATEGORIES, INCIDENT_KINDS, SEVERITIES, incidentReference, type IncidentKind, type Severity } from "@/lib/incidents/types";
import { readProjectSla } from "./incidents";

const TREND_MONTHS = 12;

export type MonthlyFigures = {
  month: string;
  timeZone: string;
  computedAt: string;
  incidents: number;
  notAnIncident: number;
  bySeverity: Record<Severity, number>;
  byKind: Record<IncidentKind, number>;
  byCategory: Record<string, number>;
  reviewed: number;
  /** Reviewed sampled items whose output has a review incident of each kind, per 1,000 reviewed. */
  rates: Record<IncidentKind, RatePerThousand>;
  loggedOutputs: number;
  harmEstimate: PopulationEstimate | null;
  medianRecoveryHours: Record<Severity, { median: number | null; incidents: number }>;
  medianMitigationHours: number | null;
  trend: Omit<NearMissTrend, "months"> & { months: (NearMissTrend["months"][number] & { allNearMissIncidents: number })[] };
  overdue: { id: string; number: number; title: string; severity: Severity; status: string; ageHours: number; allowedHours: number }[];
  list: {
    id: string;
    number: number;
    title: string;
    kind: IncidentKind;
    severity: Severity;
    category: string;
    status: string;
    source: string;
    owner: string | null;
    detectedAt: string;
    mitigatedAt: string | null;
    resolvedAt: string | null;
    timeToMitigationHours: number | null;
    timeToRecoveryHours: number | null;
    closeReason: string | null;
    rootCause: string | null;
    resolution: string | null;
    outputs: string[];
  }[];
};

function checkMonth(month: string) {
  if (!isMonthKey(month)) throw new ValidationError([{ field: "month", message: "a month is written YYYY-MM" }]);
}

const zero = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Reviewed sampled items (first label in the window) with the kinds of review incidents on their output. */
async function reviewedItems(projectId: string, start: Date, end: Date) {
  const db = await prisma();
  return db.$queryRawUnsafe<{ sampledItemId: string; inclusionProbability: number; firstLabelAt: Date; kinds: string[] | null }[]>(
    `WITH reviewed AS (
       SELECT l."sampledItemId", MIN(l."createdAt") AS "firstLabelAt"
         FROM "Label" l
        WHERE l."projectId" = $1
        GROUP BY l."sampledItemId"
       HAVING MIN(l."createdAt") >= $2 AND MIN(l."createdAt") < $3)
     SELECT si.id AS "sampledItemId", si."inclusionProbability", r."firstLabelAt",
            (SELECT array_agg(DISTINCT i.kind::text)
               FROM "IncidentOutput" io JOIN "Incident" i ON i.id = io."incidentId" AND i."projectId" = $1
              WHERE io."projectId" = $1 AND io."outputId" = si."outputId" AND i.source = 'review'
                AND (i."closeReason" IS NULL OR i."closeReason" <> 'not_an_incident')) AS kinds
       FROM reviewed r JOIN "SampledItem" si ON si.id = r."sampledItemId" AND si."projectId" = $1`,
    projectId,
    start,
    end,
  );
}

export async function computeMonthlyFigures(options: { projectId: string; timeZone: string; month: string; now: Date }): Promise<MonthlyFigures> {
  const { projectId, timeZone, month, now } = options;
  const db = await prisma();
  const range = monthRange(month, timeZone);
  const trendStart = monthRange(shiftMonth(month, -(TREND_MONTHS - 1)), timeZone).start;
  const [incidents, items, logged, sla, nearMissIncidents] = await Promise.all([
    db.incident.findMany({
      where: { projectId, detectedAt: { gte: range.start, lt: range.end } },
      orderBy: [{ detectedAt: "asc" }, { id: "asc" }],
      include: { outputs: { select: { output: { select: { externalId: true } } } } },
    }),
    reviewedItems(projectId, trendStart, range.end),
    db.outputHourlyCount.aggregate({ where: { projectId, hour: { gte: range.start, lt: range.end } }, _sum: { outputs: true } }),
    readProjectSla(db, projectId),
    db.incident.findMany({ where: { projectId, kind: "near_miss", detectedAt: { gte: trendStart, lt: range.end }, OR: [{ closeReason: null }, { closeReason: { not: "not_an_incident" } }] }, select: { detectedAt: true } }),
  ]);
  const counted = incidents.filter((i) => i.closeReason !== "not_an_incident");
  const bySeverity = zero(SEVERITIES);
  const byKind = zero(INCIDENT_KINDS);
  const byCategory = zero(INCIDENT_CATEGORIES) as Record<string, number>;
  for (const i of counted) {
    bySeverity[i.severity]++;
    byKind[i.kind]++;
    byCategory[i.category] = (byCategory[i.category] ?? 0) + 1;
  }

  const inMonth = items.filter((i) => i.firstLabelAt >= range.start);
  const has = (item: (typeof items)[number], kind: IncidentKind) => (item.kinds ?? []).includes(kind);
  const rates = Object.fromEntries(INCIDENT_KINDS.map((kind) => [kind, ratePerThousand(inMonth.filter((i) => has(i, kind)).length, inMonth.length)])) as Record<IncidentKind, RatePerThousand>;
  const loggedOutputs = logged._sum.outputs ?? 0;
  const harmEstimate = weightedHarmEstimate(inMonth.map((i) => ({ inclusionProbability: i.inclusionProbability, harmful: has(i, "harm") })), loggedOutputs);

  const medianRecoveryHours = Object.fromEntries(
    SEVERITIES.map((severity) => {
      const hours = counted.filter((i) => i.severity === severity).flatMap((i) => (i.resolvedAt ? [derivedDurations(i).timeToRecoveryHours!] : []));
      return [severity, { median: median(hours), incidents: hours.length }];
    }),
  ) as MonthlyFigures["medianRecoveryHours"];
  const medianMitigationHours = median(counted.flatMap((i) => (i.mitigatedAt ? [derivedDurations(i).timeToMitigationHours!] : [])));

  const trendMonths = Array.from({ length: TREND_MONTHS }, (_, k) => shiftMonth(month, k - (TREND_MONTHS - 1)));
  const perMonth = new Map(trendMonths.map((m) => [m, { month: m, nearMisses: 0, reviewed: 0, allNearMissIncidents: 0 }]));
  for (const item of items) {
    const row = perMonth.get(monthKeyAt(item.firstLabelAt, timeZone));
    if (!row) continue;
    row.reviewed++;
    if (has(item, "near_miss")) row.nearMisses++;
  }
  for (const i of nearMissIncidents) {
    const row = perMonth.get(monthKeyAt(i.detectedAt, timeZone));
    if (row) row.allNearMissIncidents++;
  }
  const rows = trendMonths.map((m) => perMonth.get(m)!);
  const computedTrend = nearMissTrend(rows);
  const trend = { ...computedTrend, months: computedTrend.months.map((m, k) => ({ ...m, allNearMissIncidents: rows[k].allNearMissIncidents })) };

  // Unclosed incidents of this month or earlier that are past their severity's allowance now.
  const open = await db.incident.findMany({ where: { projectId, status: { not: "closed" }, detectedAt: { lt: range.end } }, orderBy: { detectedAt: "asc" } });
  const overdue = open.flatMap((i) => {
    const ageing = slaAgeing(i, sla, now);
    return ageing.overdue ? [{ id: i.id, number: i.number, title: i.title, severity: i.severity, status: i.status, ageHours: ageing.ageHours, allowedHours: ageing.allowedHours }] : [];
  });

  const names = await userDisplayNames(db, incidents.flatMap((i) => (i.ownerId ? [i.ownerId] : [])));
  return {
    month,
    timeZone,
    computedAt: now.toISOString(),
    incidents: counted.length,
    notAnIncident: incidents.length - counted.length,
    bySeverity,
    byKind,
    byCategory,
    reviewed: inMonth.length,
    rates,
    loggedOutputs,
    harmEstimate,
    medianRecoveryHours,
    medianMitigationHours,
    trend,
    overdue,
    list: incidents.map((i) => ({
      id: i.id,
      number: i.number,
      title: i.title,
      kind: i.kind,
      severity: i.severity,
      category: i.category,
      status: i.status,
      source: i.source,
      owner: i.ownerId ? (names.get(i.ownerId) ?? null) : null,
      detectedAt: i.detectedAt.toISOString(),
      mitigatedAt: i.mitigatedAt?.toISOString() ?? null,
      resolvedAt: i.resolvedAt?.toISOString() ?? null,
      ...derivedDurations(i),
      closeReason: i.closeReason,
      rootCause: i.rootCause,
      resolution: i.resolution,
      outputs: i.outputs.map((o) => o.output.externalId),
    })),
  };
}

export async function getMonthlyReview(input: { actor: Actor; projectSlug: string; month: string; now?: Date }) {
  checkMonth(input.month);
  const access = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "monthlyReview:read" });
  const { project } = access;
  const now = input.now ?? new Date();
  const db = await prisma();
  const signOff = await db.monthlyReviewSignOff.findUnique({ where: { projectId_month: { projectId: project.id, month: input.month } } });
  const range = monthRange(input.month, project.timeZone);
  const canSignOff = input.actor.kind === "user" && can(access, "monthlyReview:signOff");
  if (signOff) {
    const names = await userDisplayNames(db, [signOff.signedById]);
    return {
      month: input.month,
      title: monthTitle(input.month),
      ended: range.end.getTime() <= now.getTime(),
      figures: signOff.figures as unknown as MonthlyFigures,
      signOff: { signedBy: names.get(signOff.signedById) ?? "a former member", signedAt: signOff.signedAt.toISOString(), notes: signOff.notes, actionItems: signOff.actionItems },
      canSignOff: false,
    };
  }
  return {
    month: input.month,
    title: monthTitle(input.month),
    ended: range.end.getTime() <= now.getTime(),
    figures: await computeMonthlyFigures({ projectId: project.id, timeZone: project.timeZone, month: input.month, now }),
    signOff: null,
    canSignOff,
  };
}

export const signOffSchema = z.object({
  notes: z.string().trim().max(10_000, "notes are at most 10,000 characters").default(""),
  actionItems: z
    .array(z.string().trim().max(500, "an action item is at most 500 characters"))
    .default([])
    .transform((items) => items.filter(Boolean)),
});

export async function signOffMonth(input: { actor: Actor; projectSlug: string; month: string; signOff: unknown; now?: Date }) {
  checkMonth(input.month);
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "monthlyReview:signOff" });
  if (input.actor.kind !== "user") throw new ValidationError([{ field: "actor", message: "a person signs off a month" }]);
  const parsed = signOffSchema.safeParse(input.signOff);
  if (!parsed.success) throw new ValidationError(parsed.error.issues.map((i) => ({ field: i.path.join(".") || "signOff", message: i.message })));
  const now = input.now ?? new Date();
  const range = monthRange(input.month, project.timeZone);
  if (range.end.getTime() > now.getTime()) throw new ValidationError([{ field: "month", message: `${monthTitle(input.month)} has not ended yet; sign it off once it is over` }]);
  const db = await prisma();
  const figures = await computeMonthlyFigures({ projectId: project.id, timeZone: project.timeZone, month: input.month, now });
  const created = await db.monthlyReviewSignOff.createMany({
    data: [{ projectId: project.id, month: input.month, signedById: input.actor.userId, signedAt: now, notes: parsed.data.notes, actionItems: parsed.data.actionItems, figures: figures as never }],
    skipDuplicates: true,
  });
  if (created.count === 0) throw new ConflictError(`${monthTitle(input.month)} is already signed off.`, "month");
  return { month: input.month };
}

export async function listSignOffs(input: { actor: Actor; projectSlug: string }) {
  const { project } = await authorizeProject({ actor: input.actor, project: { slug: input.projectSlug }, permission: "monthlyReview:read" });
  const db = await prisma();
  const rows = await db.monthlyReviewSignOff.findMany({ where: { projectId: project.id }, orderBy: { month: "desc" }, select: { month: true, signedById: true, signedAt: true, notes: true, actionItems: true } });
  const names = await userDisplayNames(db, rows.map((r) => r.signedById));
  return rows.map((r) => ({ month: r.month, title: monthTitle(r.month), signedBy: names.get(r.signedById) ?? "a former member", signedAt: r.signedAt.toISOString(), notes: r.notes, actionItems: r.actionItems }));
}

const fixed = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? "" : Number(x.toFixed(digits)));

/** The month as CSV: the figures, then one row per incident. Every cell is neutralised. */
export async function exportMonthCsv(input: { actor: Actor; projectSlug: string; month: string; now?: Date }): Promise<{ filename: string; csv: string }> {
  const review = await getMonthlyReview(input);
  const f = review.figures;
  const rows: unknown[][] = [
    ["Monthly incident review", review.title, f.timeZone],
    ["Signed off", review.signOff ? `${review.signOff.signedBy} ${review.signOff.signedAt}` : "not signed off"],
    [],
    ["Figure", "Value", "95% lower", "95% upper"],
    ["Incidents", f.incidents],
    ["Closed as not an incident", f.notAnIncident],
    ...SEVERITIES.map((s) => [`Severity ${s}`, f.bySeverity[s]]),
    ...INCIDENT_KINDS.map((k) => [`Kind ${k}`, f.byKind[k]]),
    ...Object.entries(f.byCategory).map(([c, n]) => [`Category ${c}`, n]),
    ["Reviewed outputs", f.reviewed],
    ...INCIDENT_KINDS.map((k) => [`${k} per 1,000 reviewed`, fixed(f.rates[k].perThousand, 2), fixed(f.rates[k].lower, 2), fixed(f.rates[k].upper, 2)]),
    ["Logged outputs", f.loggedOutputs],
    ["Estimated harmful outputs", fixed(f.harmEstimate?.estimatedHarmful), fixed(f.harmEstimate?.estimatedLower), fixed(f.harmEstimate?.estimatedUpper)],
    ...SEVERITIES.map((s) => [`Median time to recovery ${s} (h)`, fixed(f.medianRecoveryHours[s].median)]),
    ["Near-miss trend rising", f.trend.rising ? `yes: ${f.trend.reason}` : "no"],
    ...(review.signOff ? [["Sign-off notes", review.signOff.notes], ...review.signOff.actionItems.map((a) => ["Action item", a])] : []),
    [],
    ["Incident", "Title", "Kind", "Severity", "Category", "Status", "Source", "Owner", "Detected at", "Mitigated at", "Resolved at", "Time to mitigation (h)", "Time to recovery (h)", "Closed as", "Root cause", "Resolution", "Outputs"],
    ...f.list.map((i) => [
      incidentReference(i.number),
      i.title,
      i.kind,
      i.severity,
      i.category,
      i.status,
      i.source,
      i.owner,
      i.detectedAt,
      i.mitigatedAt,
      i.resolvedAt,
      fixed(i.timeToMitigationHours),
      fixed(i.timeToRecoveryHours),
      i.closeReason,
      i.rootCause,
      i.resolution,
      i.outputs.join(" "),
    ]),
  ];
  return { filename: `incidents-${input.projectSlug}-${input.month}.csv`, csv: toCsv(rows) };
}
