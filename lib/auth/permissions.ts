// The one role → permission table, and `can`, the one function that reads it. Route handlers and
// server actions check a permission through withProjectRoute / projectAction (lib/server/http),
// domain functions through authorizeProject / authorizeInstance (lib/server/auth/authorize.ts);
// pages that show or hide a control ask `can(access, permission)`. Nothing else decides who may
// do what.
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

/**
 * Instance permissions: what is not about one project. Only instance admins hold them (an
 * instance admin also holds every project permission in every project, see `can`).
 */
export const INSTANCE_PERMISSIONS = {
  "users:manage": ["instance_admin"],
  "projects:create": ["instance_admin"],
  "projects:listAll": ["instance_admin"],
  "instanceAuditLog:read": ["instance_admin"],
} as const satisfies Record<string, readonly "instance_admin"[]>;
export type InstancePermission = keyof typeof INSTANCE_PERMISSIONS;

/**
 * What background work acting as the system (the scheduler, the job runner, start-up
 * initialisation and the demo seed) may do. It is a principal of its own, checked like any other,
 * so no code path skips the check by passing no actor.
 */
export const SYSTEM_PERMISSIONS = ["audits:draw", "audits:read", "project:read"] as const satisfies readonly Permission[];

/**
 * Who is asking, as far as the table is concerned: a user (their role in the project, null when
 * not a member; whether they are an instance admin), an API key (its scopes), or the system.
 */
export type Access =
  | { principal: "user"; role: ProjectRole | null; instanceAdmin: boolean }
  | { principal: "apiKey"; role: null; scopes: readonly string[] }
  | { principal: "system"; role: null };

function isInstancePermission(permission: Permission | InstancePermission): permission is InstancePermission {
  return Object.hasOwn(INSTANCE_PERMISSIONS, permission);
}

/** The one reading of the table: whether this access holds the permission. Pure; never throws. */
export function can(access: Access, permission: Permission | InstancePermission): boolean {
  if (isInstancePermission(permission)) return access.principal === "user" && access.instanceAdmin;
  switch (access.principal) {
    case "system":
      return (SYSTEM_PERMISSIONS as readonly Permission[]).includes(permission);
    case "apiKey":
      return access.scopes.some((scope) => (API_KEY_SCOPES[scope as ApiKeyScope] as readonly Permission[] | undefined)?.includes(permission));
    case "user":
      if (access.instanceAdmin) return true;
      return access.role !== null && (PERMISSIONS[permission] as readonly ProjectRole[]).includes(access.role);
  }
}

/** The project permissions a member with this role holds (the settings page's role legend). */
export function permissionsOfRole(role: ProjectRole): Permission[] {
  return ALL_PERMISSIONS.filter((permission) => can({ principal: "user", role, instanceAdmin: false }, permission));
}

/** The roles that hold a permission (e.g. who may own an incident). */
export function rolesWithPermission(permission: Permission): ProjectRole[] {
  return PROJECT_ROLES.filter((role) => can({ principal: "user", role, instanceAdmin: false }, permission));
}

export const ROLE_LABELS: Record<ProjectRole, string> = {
  reviewer: "Reviewer",
  qa_lead: "QA lead",
  ml_engineer: "ML engineer",
  admin: "Admin",
};

/**
 * Whether the membership role alone holds the permission, instance-admin powers aside: an instance
 * admin may open any project, but only a member whose role labels has a review queue.
 */
export function roleCan(access: Access, permission: Permission): boolean {
  return access.principal === "user" && access.role !== null && can({ principal: "user", role: access.role, instanceAdmin: false }, permission);
}
