// The one role → permission table. Every server action and route handler checks a permission
// from here through `authorizeProject` (lib/server/auth/authorize.ts); nothing else decides
// who may do what.
export const PROJECT_ROLES = ["reviewer", "qa_lead", "ml_engineer", "admin"] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export const PERMISSIONS = {
  "project:read": ["reviewer", "qa_lead", "ml_engineer", "admin"],
  "project:update": ["admin"],
  "members:read": ["qa_lead", "admin"],
  "members:manage": ["admin"],
  "apiKeys:manage": ["ml_engineer", "admin"],
  "outputs:read": ["qa_lead", "ml_engineer", "admin"],
  "outputs:ingest": ["ml_engineer", "admin"],
  "redaction:edit": ["ml_engineer", "admin"],
  "checks:edit": ["ml_engineer", "admin"],
  "plan:read": ["qa_lead", "ml_engineer", "admin"],
  "plan:edit": ["qa_lead", "admin"],
  "audits:read": ["qa_lead", "ml_engineer", "admin"],
  "audits:draw": ["qa_lead", "admin"],
  "rubric:edit": ["qa_lead", "admin"],
  "review:label": ["reviewer", "qa_lead"],
  "review:manage": ["qa_lead", "admin"],
  "adjudication:decide": ["qa_lead"],
  "agreement:read": ["qa_lead", "admin"],
  "scorecard:read": ["qa_lead", "ml_engineer", "admin"],
  "scorecard:edit": ["qa_lead", "admin"],
  "incidents:report": ["reviewer", "qa_lead", "ml_engineer", "admin"],
  // Reviewers see the incidents their own labels opened, read-only; incidents:read sees them all.
  "incidents:view": ["reviewer", "qa_lead", "ml_engineer", "admin"],
  "incidents:read": ["qa_lead", "ml_engineer", "admin"],
  "incidents:manage": ["qa_lead", "admin"],
  "monthlyReview:read": ["qa_lead", "ml_engineer", "admin"],
  "monthlyReview:signOff": ["qa_lead"],
  "datasets:read": ["qa_lead", "ml_engineer", "admin"],
  "datasets:export": ["qa_lead", "ml_engineer", "admin"],
  "datasets:manage": ["ml_engineer", "admin"],
  "settings:read": ["admin"],
  "alerts:read": ["qa_lead", "ml_engineer", "admin"],
  "alerts:acknowledge": ["qa_lead", "admin"],
  "webhooks:manage": ["qa_lead", "admin"],
  "auditLog:read": ["admin"],
} as const satisfies Record<string, readonly ProjectRole[]>;

export type Permission = keyof typeof PERMISSIONS;
export const ALL_PERMISSIONS = Object.keys(PERMISSIONS) as Permission[];

/** What an API key's scopes allow. Keys never get user-interface permissions. */
export const API_KEY_SCOPES = {
  ingest: ["outputs:ingest"],
  export: ["datasets:read", "datasets:export"],
} as const satisfies Record<string, readonly Permission[]>;
export type ApiKeyScope = keyof typeof API_KEY_SCOPES;
export const ALL_API_KEY_SCOPES = Object.keys(API_KEY_SCOPES) as ApiKeyScope[];

export function roleHasPermission(role: ProjectRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly ProjectRole[]).includes(role);
}

export function scopesGrantPermission(scopes: readonly string[], permission: Permission): boolean {
  return scopes.some((scope) => (API_KEY_SCOPES[scope as ApiKeyScope] as readonly Permission[] | undefined)?.includes(permission));
}

export function permissionsOfRole(role: ProjectRole): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => roleHasPermission(role, permission));
}

export const ROLE_LABELS: Record<ProjectRole, string> = {
  reviewer: "Reviewer",
  qa_lead: "QA lead",
  ml_engineer: "ML engineer",
  admin: "Admin",
};
