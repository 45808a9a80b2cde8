// What a server action answers a form with, shared by the actions (lib/server/http) and the
// client components that show it. Failures are values the form can show, never thrown errors.

/** One message about one field; `field` is the input's name (or a path such as `format.0.schema`). */
export type FieldIssue = { field: string; message: string };

export type ActionResult<T = void> =
  | { ok: true; data: T; message?: string }
  | { ok: false; message: string; issues: FieldIssue[] };
