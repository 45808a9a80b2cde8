"use client";

import { useActionState } from "react";
import { Button, Field } from "@/components/ui";
import { FormMessage } from "@/components/form-state";
import type { ActionResult } from "@/lib/server/http/action";
import { saveRubricAction } from "./actions";

export function RubricEditor({ projectSlug, dimensionsJson, guidelines }: { projectSlug: string; dimensionsJson: string; guidelines: string }) {
  const [state, action, pending] = useActionState<ActionResult<{ version: number }> | null, FormData>(saveRubricAction, null);
  const issues = state && !state.ok ? state.issues : [];
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} success={state?.ok ? `Saved as version ${state.data.version}. New labels use it; existing labels keep theirs.` : undefined} />
      {issues.length ? (
        <ul className="list-disc pl-5 text-xs text-red-700" role="alert">
          {issues.map((i, n) => <li key={n}><code>{i.field}</code>: {i.message}</li>)}
        </ul>
      ) : null}
      <input type="hidden" name="projectSlug" value={projectSlug} />
      <Field label="Dimensions (JSON)" htmlFor="r-dimensions" hint='kinds: categorical, ordinal (options [{value,label}]), scale (min, max, anchors), boolean, multiselect (options), text. "required": true|false; "when": {"key","in":[…]} shows a dimension only for some values of an earlier one; "requiresContext": true for outputs with sources.'>
        <textarea id="r-dimensions" name="dimensions" defaultValue={dimensionsJson} rows={24} spellCheck={false} className="block w-full rounded border border-slate-300 p-2 font-mono text-xs" />
      </Field>
      <Field label="Guidelines (shown beside every item)" htmlFor="r-guidelines">
        <textarea id="r-guidelines" name="guidelines" defaultValue={guidelines} rows={8} className="block w-full rounded border border-slate-300 p-2 text-sm" />
      </Field>
      <Button type="submit" disabled={pending}>Save as a new version</Button>
    </form>
  );
}
