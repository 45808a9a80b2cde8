import type { Permission } from "@/lib/auth/permissions";

// The product's sections. `built: false` marks a section a later release delivers: it is shown
// disabled rather than as a page that pretends to work.
export const PROJECT_SECTIONS: { key: string; label: string; path: string; permission: Permission; built: boolean }[] = [
  { key: "overview", label: "Overview", path: "", permission: "project:read", built: true },
  { key: "outputs", label: "Outputs", path: "/outputs", permission: "outputs:read", built: true },
  { key: "audits", label: "Audits", path: "/audits", permission: "audits:read", built: true },
  { key: "review", label: "Review", path: "/review", permission: "review:label", built: true },
  { key: "adjudication", label: "Adjudication", path: "/adjudication", permission: "adjudication:decide", built: true },
  { key: "agreement", label: "Agreement", path: "/agreement", permission: "agreement:read", built: true },
  { key: "judge", label: "Judge vs human", path: "/judge", permission: "agreement:read", built: true },
  { key: "rubric", label: "Rubric", path: "/rubric", permission: "rubric:edit", built: true },
  { key: "scorecard", label: "Scorecard", path: "/scorecard", permission: "scorecard:read", built: true },
  { key: "alerts", label: "Alerts", path: "/alerts", permission: "alerts:read", built: true },
  { key: "incidents", label: "Incidents", path: "/incidents", permission: "incidents:view", built: true },
  { key: "datasets", label: "Datasets", path: "/datasets", permission: "datasets:read", built: true },
  { key: "redaction", label: "Redaction", path: "/settings/redaction", permission: "redaction:edit", built: true },
  { key: "webhooks", label: "Webhooks", path: "/settings/webhooks", permission: "webhooks:manage", built: true },
  { key: "checks", label: "Checks", path: "/settings/checks", permission: "checks:edit", built: true },
  { key: "api-keys", label: "API keys", path: "/settings/api-keys", permission: "apiKeys:manage", built: true },
  { key: "audit-log", label: "Audit log", path: "/settings/audit-log", permission: "auditLog:read", built: true },
  { key: "settings", label: "Settings", path: "/settings", permission: "settings:read", built: true },
];
