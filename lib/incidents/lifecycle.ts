// The incident's status machine and the figures derived from its dates. Pure.
import { DEFAULT_SLA_HOURS, INCIDENT_STATUSES, SEVERITIES, type CloseReason, type IncidentStatus, type Severity, type SlaHours } from "./types";

export type TransitionIssue = { field: string; message: string };

export type LifecycleState = {
  status: IncidentStatus;
  mitigatedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  closeReason: CloseReason | null;
  rootCause: string | null;
  resolution: string | null;
};

export type TransitionRequest = {
  to: IncidentStatus;
  /** Required to close, with `resolution`. */
  rootCause?: string | null;
  resolution?: string | null;
  closeReason?: CloseReason;
  at: Date;
};

const rank = (status: IncidentStatus) => INCIDENT_STATUSES.indexOf(status);

/**
 * The statuses an incident may move to: any later step (open → triaged → mitigated → closed,
 * skipping allowed: a duplicate can be closed at once) and, from closed, back to open (reopen).
 */
export function allowedTransitions(from: IncidentStatus): IncidentStatus[] {
  if (from === "closed") return ["open"];
  return INCIDENT_STATUSES.filter((s) => rank(s) > rank(from));
}

/**
 * Applies a status change, or returns the reasons it is refused. Mitigating stamps mitigatedAt
 * once; closing as resolved stamps resolvedAt (time to recovery); reopening clears the closing
 * fields (the timeline keeps what they were), but keeps mitigatedAt.
 */
export function applyTransition(state: LifecycleState, request: TransitionRequest): { ok: true; next: LifecycleState } | { ok: false; issues: TransitionIssue[] } {
  if (request.to === state.status) return { ok: false, issues: [{ field: "status", message: `the incident is already ${state.status}` }] };
  if (!allowedTransitions(state.status).includes(request.to)) {
    return { ok: false, issues: [{ field: "status", message: `an incident cannot go from ${state.status} to ${request.to}` }] };
  }
  const next: LifecycleState = { ...state, status: request.to };
  if (request.to === "open" && state.status === "closed") {
    return { ok: true, next: { ...next, resolvedAt: null, closedAt: null, closeReason: null } };
  }
  if (rank(request.to) >= rank("mitigated") && !next.mitigatedAt) next.mitigatedAt = request.at;
  if (request.to === "closed") {
    const rootCause = request.rootCause?.trim() ?? "";
    const resolution = request.resolution?.trim() ?? "";
    const issues: TransitionIssue[] = [];
    if (!rootCause) issues.push({ field: "rootCause", message: "a root cause is required to close an incident" });
    if (!resolution) issues.push({ field: "resolution", message: "a resolution is required to close an incident" });
    if (issues.length) return { ok: false, issues };
    const closeReason = request.closeReason ?? "resolved";
    next.rootCause = rootCause;
    next.resolution = resolution;
    next.closeReason = closeReason;
    next.closedAt = request.at;
    // "Not an incident" recovers nothing: it never counts toward time to recovery.
    next.resolvedAt = closeReason === "resolved" ? request.at : null;
  }
  return { ok: true, next };
}

const HOUR_MS = 3_600_000;

/** Hours from detection to mitigation and to recovery (resolution); null until they happen. */
export function derivedDurations(incident: { detectedAt: Date; mitigatedAt: Date | null; resolvedAt: Date | null }) {
  const hoursSince = (end: Date | null) => (end ? Math.max(0, (end.getTime() - incident.detectedAt.getTime()) / HOUR_MS) : null);
  return { timeToMitigationHours: hoursSince(incident.mitigatedAt), timeToRecoveryHours: hoursSince(incident.resolvedAt) };
}

/** "3 d 4 h", "5 h", "40 min". */
export function formatHours(hours: number | null): string {
  if (hours === null) return "—";
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours < 48) return `${Math.round(hours * 10) / 10} h`;
  const days = Math.floor(hours / 24);
  return `${days} d ${Math.round(hours - days * 24)} h`;
}

/**
 * SLA ageing: an incident that is not closed and older than its severity's allowance is overdue.
 * Returns its age and how far past the allowance it is.
 */
export function slaAgeing(incident: { status: IncidentStatus; severity: Severity; detectedAt: Date }, sla: SlaHours, now: Date) {
  const ageHours = Math.max(0, (now.getTime() - incident.detectedAt.getTime()) / HOUR_MS);
  const allowedHours = sla[incident.severity];
  const overdue = incident.status !== "closed" && ageHours > allowedHours;
  return { ageHours, allowedHours, overdue, overdueByHours: overdue ? ageHours - allowedHours : 0 };
}

/** The project's SLA hours from stored settings, each missing or invalid severity at its default. */
export function readSlaHours(stored: unknown): SlaHours {
  const result = { ...DEFAULT_SLA_HOURS };
  if (stored && typeof stored === "object") {
    for (const severity of SEVERITIES) {
      const value = (stored as Record<string, unknown>)[severity];
      if (typeof value === "number" && Number.isFinite(value) && value > 0) result[severity] = value;
    }
  }
  return result;
}
