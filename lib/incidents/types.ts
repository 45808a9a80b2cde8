// The incident register's vocabulary: kinds, severities with their written definitions,
// categories, statuses and the default SLA per severity. Shared by the server and the pages.
export const INCIDENT_KINDS = ["harm", "near_miss", "boundary_violation"] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];
export const KIND_LABELS: Record<IncidentKind, string> = { harm: "Harm", near_miss: "Near miss", boundary_violation: "Boundary violation" };
export const KIND_DEFINITIONS: Record<IncidentKind, string> = {
  harm: "The output likely hurt a customer or the company.",
  near_miss: "A violation that a guardrail or a human stopped before it did harm.",
  boundary_violation: "An agent acted outside its scope: an unauthorized write, cross-tenant access, sensitive data exposure.",
};

export const SEVERITIES = ["S1", "S2", "S3", "S4"] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_DEFINITIONS: Record<Severity, string> = {
  S1: "Critical: safety, legal exposure, or personal or payment data exposed; act now.",
  S2: "High: a customer was or could have been materially hurt (money, health, access); act within days.",
  S3: "Medium: misleading or wrong content with limited consequence; fix in the normal cycle.",
  S4: "Low: minor, cosmetic or theoretical; record and batch.",
};

export const INCIDENT_CATEGORIES = [
  "sensitive_data_exposure",
  "policy_violation",
  "misleading_content",
  "unsafe_advice",
  "unsafe_action",
  "other",
] as const;
export type IncidentCategory = (typeof INCIDENT_CATEGORIES)[number];
export const CATEGORY_LABELS: Record<IncidentCategory, string> = {
  sensitive_data_exposure: "Sensitive data exposure",
  policy_violation: "Policy violation",
  misleading_content: "Misleading or hallucinated content",
  unsafe_advice: "Unsafe advice",
  unsafe_action: "Unsafe action",
  other: "Other",
};

export const INCIDENT_STATUSES = ["open", "triaged", "mitigated", "closed"] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const STATUS_LABELS: Record<IncidentStatus, string> = { open: "Open", triaged: "Triaged", mitigated: "Mitigated", closed: "Closed" };

export const CLOSE_REASONS = ["resolved", "not_an_incident"] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** Hours an incident may stay unclosed, per severity. */
export type SlaHours = Record<Severity, number>;
export const DEFAULT_SLA_HOURS: SlaHours = { S1: 24, S2: 72, S3: 7 * 24, S4: 30 * 24 };

export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}
export function isIncidentKind(value: unknown): value is IncidentKind {
  return typeof value === "string" && (INCIDENT_KINDS as readonly string[]).includes(value);
}
export function isIncidentCategory(value: unknown): value is IncidentCategory {
  return typeof value === "string" && (INCIDENT_CATEGORIES as readonly string[]).includes(value);
}

export const incidentReference = (number: number) => `INC-${number}`;
