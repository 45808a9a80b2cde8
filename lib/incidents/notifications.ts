// Who hears about an incident, when, and what the message says (decision 035). Pure: the server
// decides from these which notifications a change causes and queues them through the job runner;
// the text names the people concerned, because the project's webhooks post to a team channel.
import { CATEGORY_LABELS, incidentReference, KIND_LABELS, SEVERITIES, type IncidentCategory, type IncidentKind, type Severity } from "./types";

export const INCIDENT_NOTIFICATION_TYPES = ["incident.opened", "incident.escalated", "incident.assigned", "incident.mentioned", "incident.overdue"] as const;
export type IncidentNotificationType = (typeof INCIDENT_NOTIFICATION_TYPES)[number];

export const NOTIFICATION_LABELS: Record<IncidentNotificationType, string> = {
  "incident.opened": "New S1/S2 incident",
  "incident.escalated": "Raised to S1/S2",
  "incident.assigned": "Owner assigned",
  "incident.mentioned": "Mentioned in a comment",
  "incident.overdue": "Past its SLA",
};

/** Severities grave enough that opening an incident (or raising one to them) is announced at once. */
export const URGENT_SEVERITIES: readonly Severity[] = ["S1", "S2"];
export const isUrgent = (severity: Severity) => URGENT_SEVERITIES.includes(severity);

/** True when a severity change crosses into the urgent band (S3 → S2, S4 → S1); S2 → S1 is already known. */
export function escalatedIntoUrgent(from: Severity, to: Severity): boolean {
  return !isUrgent(from) && isUrgent(to) && SEVERITIES.indexOf(to) < SEVERITIES.indexOf(from);
}

export type IncidentForNotification = {
  id: string;
  number: number;
  title: string;
  kind: IncidentKind;
  severity: Severity;
  category: string;
};

export type IncidentNotification = {
  type: IncidentNotificationType;
  /** Makes queueing idempotent: the same key is one notification, ever (decision 026's uniqueKey). */
  key: string;
  incidentId: string | null;
  text: string;
  /** Structured details for receivers that do more than show the text. */
  details: Record<string, unknown>;
};

const describe = (i: IncidentForNotification) =>
  `${incidentReference(i.number)} (${i.severity} ${KIND_LABELS[i.kind].toLowerCase()}, ${CATEGORY_LABELS[i.category as IncidentCategory] ?? i.category}): ${i.title}`;

function hours(h: number): string {
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h)} h`;
}

export function openedNotification(incident: IncidentForNotification, by: { source: "review" | "manual"; actor: string | null }): IncidentNotification {
  const who = by.source === "review" ? "a review label" : (by.actor ?? "a QA lead");
  return {
    type: "incident.opened",
    key: `opened:${incident.id}`,
    incidentId: incident.id,
    text: `New ${describe(incident)}. Opened by ${who}.`,
    details: { severity: incident.severity, kind: incident.kind, category: incident.category, source: by.source },
  };
}

/** Many near misses recorded at once from the outputs explorer: one message, not one per output. */
export function bulkOpenedNotification(input: { batchId: string; numbers: number[]; severity: Severity; kind: IncidentKind; actor: string | null }): IncidentNotification {
  const refs = input.numbers.slice(0, 10).map(incidentReference).join(", ") + (input.numbers.length > 10 ? `, … (${input.numbers.length} in all)` : "");
  return {
    type: "incident.opened",
    key: `opened-batch:${input.batchId}`,
    incidentId: null,
    text: `${input.numbers.length} new ${input.severity} ${KIND_LABELS[input.kind].toLowerCase()} incident${input.numbers.length === 1 ? "" : "s"} recorded from the outputs explorer by ${input.actor ?? "a QA lead"}: ${refs}.`,
    details: { severity: input.severity, kind: input.kind, numbers: input.numbers },
  };
}

export function escalatedNotification(incident: IncidentForNotification, input: { from: Severity; actor: string | null; changeId: string }): IncidentNotification {
  return {
    type: "incident.escalated",
    key: `escalated:${incident.id}:${input.changeId}`,
    incidentId: incident.id,
    text: `${incidentReference(incident.number)} raised from ${input.from} to ${incident.severity} by ${input.actor ?? "a QA lead"}: ${describe(incident)}.`,
    details: { from: input.from, to: incident.severity },
  };
}

export function assignedNotification(incident: IncidentForNotification, input: { owner: string; ownerId: string; actor: string | null; changeId: string }): IncidentNotification {
  return {
    type: "incident.assigned",
    key: `assigned:${incident.id}:${input.changeId}`,
    incidentId: incident.id,
    text: `${input.owner} now owns ${describe(incident)} (assigned by ${input.actor ?? "a QA lead"}).`,
    details: { ownerId: input.ownerId, owner: input.owner },
  };
}

export function mentionedNotification(incident: IncidentForNotification, input: { mentioned: { userId: string; name: string }[]; actor: string | null; comment: string; commentId: string }): IncidentNotification {
  const comment = input.comment.length > 280 ? `${input.comment.slice(0, 277)}…` : input.comment;
  return {
    type: "incident.mentioned",
    key: `mentioned:${input.commentId}`,
    incidentId: incident.id,
    text: `${input.actor ?? "Someone"} mentioned ${input.mentioned.map((m) => m.name).join(", ")} on ${incidentReference(incident.number)}: "${comment}"`,
    details: { mentionedUserIds: input.mentioned.map((m) => m.userId), comment },
  };
}

/** Once per incident and severity: raising the severity later shortens the SLA and may warn again. */
export function overdueNotification(incident: IncidentForNotification, input: { ageHours: number; allowedHours: number; owner: string | null }): IncidentNotification {
  return {
    type: "incident.overdue",
    key: `overdue:${incident.id}:${incident.severity}`,
    incidentId: incident.id,
    text: `${describe(incident)} is still not closed after ${hours(input.ageHours)}, past its ${incident.severity} SLA of ${hours(input.allowedHours)}. Owner: ${input.owner ?? "nobody yet"}.`,
    details: { ageHours: Math.round(input.ageHours * 10) / 10, allowedHours: input.allowedHours, owner: input.owner },
  };
}
