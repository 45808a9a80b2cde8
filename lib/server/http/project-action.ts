// The one shape of a project's server action. The project is bound from the page's route (the
// form calls the action through useProjectActionForm, which binds the `[slug]` segment; it is not
// a field of the form), the user is authenticated, the permission checked, the form parsed with
// zod, and typed errors become an ActionResult the form shows at its fields (action.ts).
import "server-only";
import { z, type ZodType } from "zod";
import type { Permission } from "@/lib/auth/permissions";
import { authorizeProject, type ProjectAccess } from "@/lib/server/auth/authorize";
import { requireUser } from "@/lib/server/auth/pages";
import type { UserActor } from "@/lib/server/auth/actor";
import type { ActionResult } from "@/lib/forms/types";
import { formToObject, runAction } from "./action";

const anything = z.unknown();

export type ProjectActionContext<I> = {
  actor: UserActor;
  access: ProjectAccess;
  /** The project's slug as checked (for domain calls and revalidatePath). */
  projectSlug: string;
  input: I;
  /** The raw form, for forms whose fields the domain validates itself. */
  form: FormData;
};

/** What a handler may return besides plain data: the data and a success message. */
export class WithMessage<T> {
  constructor(
    readonly data: T,
    readonly message: string,
  ) {}
}

// The previous state is not read (useActionState passes it); typed unknown so any form state fits.
export type ProjectAction<T> = (projectSlug: string, previous: unknown, form: FormData) => Promise<ActionResult<T>>;

/**
 * Wraps a project server action. `perform` may call revalidatePath and redirect (Next's redirect
 * is thrown and passes through); a thrown ValidationError, ZodError or other AppError becomes
 * `{ ok: false }` with the message and field issues.
 */
export function projectAction<S extends ZodType, T>(
  options: { permission: Permission; input: S },
  perform: (context: ProjectActionContext<z.output<S>>) => Promise<T | WithMessage<T>>,
): ProjectAction<T> {
  return async (projectSlug, _previous, form) => {
    const actor = await requireUser();
    // Checked before the form is read: who may not act learns nothing about the input's rules.
    const result = await runAction(anything, undefined, async () => {
      const access = await authorizeProject({ actor, project: { slug: String(projectSlug) }, permission: options.permission });
      const input = options.input.parse(formToObject(form)) as z.output<S>;
      return perform({ actor, access, projectSlug: access.project.slug, input, form });
    });
    if (result.ok && result.data instanceof WithMessage) return { ok: true, data: result.data.data, message: result.data.message };
    return result as ActionResult<T>;
  };
}
