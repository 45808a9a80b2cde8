"use client";

import { Button, Field, Input } from "@/components/ui";
import { fieldError, FormMessage, useActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { PROJECT_SLUG_HINT, PROJECT_SLUG_PATTERN } from "@/lib/projects/slug";
import { createProjectAction } from "./actions";

export function CreateProjectForm() {
  const { state, pending, form: actionForm } = useActionForm<ActionResult<{ slug: string }> | null>(createProjectAction, null);
  return (
    <form {...actionForm} className="space-y-3">
      <FormMessage state={state} success={state?.ok ? `Project “${state.data.slug}” created.` : undefined} />
      <Field label="Name" htmlFor="project-name" error={fieldError(state, "name")}><Input id="project-name" name="name" required /></Field>
      <Field label="Slug" htmlFor="project-slug" error={fieldError(state, "slug")} hint="Used in URLs and the CLI, e.g. support-assistant.">
        <Input id="project-slug" name="slug" required pattern={PROJECT_SLUG_PATTERN} title={`Slug: ${PROJECT_SLUG_HINT}`} />
      </Field>
      <Field label="Description" htmlFor="project-description" error={fieldError(state, "description")}><Input id="project-description" name="description" /></Field>
      <Field label="Time zone" htmlFor="project-tz" error={fieldError(state, "timeZone")} hint="Audit weeks follow this zone.">
        <Input id="project-tz" name="timeZone" defaultValue="UTC" required />
      </Field>
      <Button type="submit" disabled={pending}>Create project</Button>
    </form>
  );
}
