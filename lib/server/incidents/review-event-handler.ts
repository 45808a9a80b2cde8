// Opens and updates incidents from the review event point (lib/server/events: every label write
// and gold decision appends a ReviewEvent; the processor calls this handler outside the request).
// A label whose selected option carries an `incident` flag opens one incident per output; later
// labels on that output attach to it; a gold decision with no flagged option proposes closing it
// as "not an incident" and never deletes anything. Idempotent per event id: the receipt row is
// written in the same transaction as the changes, so a replay after a crash does nothing twice.
import "server-only";
import { prisma } from "@/lib/server/db/client";
import { incidentSignal, type IncidentSignal } from "@/lib/incidents/auto";
import { KIND_LABELS, SEVERITIES, type Severity } from "@/lib/incidents/types";
import { Prisma } from "@/generated/prisma/client";
import { nextIncidentNumber } from "./incidents";
import { signedOffMonth } from "./month-lock";
import { queueIncidentNotifications } from "./notifications";
import { isUrgent, openedNotification } from "@/lib/incidents/notifications";
import { notifyJobsEnqueued } from "@/lib/server/jobs/queue";
import type { ReviewEvent, ReviewEventHandler } from "@/lib/server/events/handlers";

/** Severity when the label names none: the middle of the scale, flagged in the timeline for triage. */
const SEVERITY_WHEN_UNSTATED: Severity = "S3";

type Tx = Prisma.TransactionClient;

function describeSignal(signal: IncidentSignal) {
  return `${signal.dimensionKey} = ${signal.optionValue}${signal.severity ? `, ${signal.severity}` : ""}`;
}

async function openIncident(tx: Tx, event: ReviewEvent, signal: IncidentSignal, output: { externalId: string; taskType: string | null }, followUpOf: { id: string; number: number } | null) {
  const number = await nextIncidentNumber(tx, event.projectId);
  const severity = signal.severity ?? SEVERITY_WHEN_UNSTATED;
  const byGold = event.kind === "gold_decided";
  const incident = await tx.incident.create({
    data: {
      projectId: event.projectId,
      number,
      title: `${KIND_LABELS[signal.kind]} flagged in review: ${output.externalId}${output.taskType ? ` (${output.taskType})` : ""}`,
      description: `Opened by a ${byGold ? `${event.goldSource ?? "gold"} decision` : "review label"} (${describeSignal(signal)}).${event.rationale ? `\n\nRationale: ${event.rationale}` : ""}`,
      kind: signal.kind,
      severity,
      category: signal.category,
      source: "review",
      openedByLabelId: byGold ? event.goldLabelId : event.labelId,
      openedByReviewerId: byGold ? null : event.reviewerId,
      detectedAt: event.createdAt,
      followUpOfId: followUpOf?.id ?? null,
      outputs: { create: { outputId: event.outputId } }, // projectId comes from the incident (composite key)
    },
  });
  const notes = [
    followUpOf ? `Follow-up of INC-${followUpOf.number}, whose month was already signed off.` : null,
    signal.severity ? null : `The label gave no severity: set to ${SEVERITY_WHEN_UNSTATED} until triage.`,
  ].filter(Boolean);
  await tx.incidentTimelineEntry.create({
    data: {
      projectId: event.projectId,
      incidentId: incident.id,
      actorId: event.actorId,
      action: "created",
      changes: { kind: { to: signal.kind }, severity: { to: severity }, category: { to: signal.category }, outputs: { to: [output.externalId] } },
      comment: notes.length ? notes.join(" ") : null,
      reviewEventId: event.id,
      createdAt: event.createdAt,
    },
  });
  await attachLabel(tx, event, incident.id);
  // An S1 or S2 is announced at once, queued in this transaction so it exists exactly when the incident does.
  const notified = isUrgent(severity) ? (await queueIncidentNotifications(tx, event.projectId, [openedNotification(incident, { source: "review", actor: null })], event.createdAt)) > 0 : false;
  return { incident, notified };
}

async function attachLabel(tx: Tx, event: ReviewEvent, incidentId: string) {
  const labelId = event.kind === "gold_decided" ? event.goldLabelId : event.labelId;
  if (!labelId) return;
  await tx.incidentLabel.createMany({
    data: [{ incidentId, labelId, projectId: event.projectId, sampledItemId: event.sampledItemId, reviewerId: event.kind === "gold_decided" ? event.actorId : event.reviewerId, labelKind: event.kind === "gold_decided" ? "gold" : "label" }],
    skipDuplicates: true,
  });
}

/** Returns whether a notification was queued (the runner is woken after the commit). */
async function handleEvent(tx: Tx, event: ReviewEvent, signal: IncidentSignal | null): Promise<boolean> {
  const project = await tx.project.findUnique({ where: { id: event.projectId }, select: { timeZone: true } });
  const output = await tx.loggedOutput.findFirst({ where: { projectId: event.projectId, id: event.outputId }, select: { externalId: true, taskType: true } });
  if (!project || !output) return false;
  // One writer per output at a time, so two labels processed at once open one incident.
  await tx.$queryRawUnsafe(`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext($1))) l`, `incident-output:${event.projectId}:${event.outputId}`);
  const existing = await tx.incident.findMany({
    where: { projectId: event.projectId, outputs: { some: { outputId: event.outputId } }, source: "review" },
    orderBy: { createdAt: "desc" },
    select: { id: true, number: true, status: true, detectedAt: true, severity: true, closeProposal: true },
  });
  const latest = existing[0] ?? null;
  const latestLocked = latest ? (await signedOffMonth(tx, event.projectId, latest.detectedAt, project.timeZone)) !== null : false;

  if (signal) {
    if (!latest || latestLocked) return (await openIncident(tx, event, signal, output, latest)).notified;
    // The same label seen again through another event (a replay under a new id) adds nothing.
    if (event.kind === "label_submitted" && event.labelId && (await tx.incidentLabel.findFirst({ where: { projectId: event.projectId, labelId: event.labelId } }))) return false;
    await attachLabel(tx, event, latest.id);
    const byGold = event.kind === "gold_decided";
    // A graver severity from a later label is noted for triage, not applied over a manager's call.
    const graver = signal.severity && SEVERITIES.indexOf(signal.severity) < SEVERITIES.indexOf(latest.severity) ? signal.severity : null;
    await tx.incidentTimelineEntry.create({
      data: {
        projectId: event.projectId,
        incidentId: latest.id,
        actorId: event.actorId,
        action: "label_attached",
        changes: { labels: { to: [describeSignal(signal)] } },
        comment: [
          byGold ? `The ${event.goldSource ?? "gold"} decision confirms: ${describeSignal(signal)}.` : event.kind === "label_edited" ? `An edited label marks this output: ${describeSignal(signal)}.` : `Another label marks this output: ${describeSignal(signal)}.`,
          graver ? `It names ${graver}, graver than the incident's ${latest.severity}.` : null,
          latest.status === "closed" ? "The incident is closed; reopen it if this changes the conclusion." : null,
        ]
          .filter(Boolean)
          .join(" "),
        reviewEventId: event.id,
      createdAt: event.createdAt,
      },
    });
    if (byGold && latest.closeProposal !== null) {
      await tx.incident.update({ where: { id: latest.id, projectId: event.projectId }, data: { closeProposal: Prisma.DbNull } });
    }
    return false;
  }

  // No flagged option selected.
  if (event.kind !== "gold_decided") {
    const attached = latest && event.labelId ? await tx.incidentLabel.findFirst({ where: { projectId: event.projectId, incidentId: latest.id, labelId: event.labelId } }) : null;
    if (latest && attached && !latestLocked) {
      await tx.incidentTimelineEntry.create({
        data: { projectId: event.projectId, incidentId: latest.id, actorId: event.actorId, action: "label_changed", comment: "A label attached to this incident was edited and no longer marks harm.", reviewEventId: event.id },
      });
    }
    return false;
  }
  for (const incident of existing) {
    if (incident.status === "closed") continue;
    if ((await signedOffMonth(tx, event.projectId, incident.detectedAt, project.timeZone)) !== null) continue;
    const reason = event.rationale?.trim() || `The ${event.goldSource ?? "gold"} decision marks no harm.`;
    await tx.incident.update({
      where: { id: incident.id, projectId: event.projectId },
      data: { closeProposal: { reason, goldLabelId: event.goldLabelId, adjudicatorId: event.actorId, source: event.goldSource, proposedAt: event.createdAt.toISOString() } },
    });
    await tx.incidentTimelineEntry.create({
      data: {
        projectId: event.projectId,
        incidentId: incident.id,
        actorId: event.actorId,
        action: "close_proposed",
        comment: `Proposed to close as not an incident: ${reason}`,
        reviewEventId: event.id,
      createdAt: event.createdAt,
      },
    });
  }
  return false;
}

const incidentOutputsByBatch = new WeakMap<readonly ReviewEvent[], Promise<Set<string>>>();

/** "projectId/outputId" of the batch's outputs that are already linked to an incident: one statement per batch. */
function outputsInIncidents(batch: readonly ReviewEvent[]): Promise<Set<string>> {
  let found = incidentOutputsByBatch.get(batch);
  if (!found) {
    found = (async () => {
      const db = await prisma();
      const byProject = new Map<string, string[]>();
      for (const e of batch) {
        const outputIds = byProject.get(e.projectId);
        if (outputIds) outputIds.push(e.outputId);
        else byProject.set(e.projectId, [e.outputId]);
      }
      const rows = await db.incidentOutput.findMany({
        where: { OR: [...byProject].map(([projectId, outputIds]) => ({ projectId, outputId: { in: outputIds } })) },
        select: { projectId: true, outputId: true },
      });
      return new Set(rows.map((r) => `${r.projectId}/${r.outputId}`));
    })();
    incidentOutputsByBatch.set(batch, found);
  }
  return found;
}

export const incidentReviewEventHandler = {
  name: "incidents",
  async handle(event, ctx) {
    const signal = incidentSignal(ctx.dimensions, event.values);
    const db = await prisma();
    // Most labels mark no harm on an output that was never in an incident: nothing to do, known
    // from one lookup for the whole batch instead of a transaction per event (on the embedded
    // database every statement of the drain waits its turn with the review requests).
    const inIncidents = await outputsInIncidents(ctx.batch ?? [event]);
    if (!signal && !inIncidents.has(`${event.projectId}/${event.outputId}`)) return;
    const notified = await db.$transaction(async (tx) => {
      const receipt = await tx.incidentReviewEventReceipt.createMany({ data: [{ eventId: event.id, projectId: event.projectId }], skipDuplicates: true });
      if (receipt.count === 0) return false;
      return handleEvent(tx, event, signal);
    });
    // A later event of this batch for the same output must find the incident just opened.
    if (signal) inIncidents.add(`${event.projectId}/${event.outputId}`);
    if (notified) notifyJobsEnqueued();
  },
} satisfies ReviewEventHandler;
