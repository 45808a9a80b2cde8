"use client";

import { Button } from "@/components/ui";
import { FormMessage, useActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/server/http/action";
import { acknowledgeAlertAction } from "./actions";

export function AcknowledgeButton({ projectSlug, alertId, label }: { projectSlug: string; alertId: string; label: string }) {
  const { state, pending, form } = useActionForm<ActionResult | null>(acknowledgeAlertAction, null);
  return (
    <form {...form}>
      <input type="hidden" name="projectSlug" value={projectSlug} />
      <input type="hidden" name="alertId" value={alertId} />
      <Button type="submit" variant="secondary" className="text-xs" disabled={pending} aria-label={`Acknowledge ${label}`}>Acknowledge</Button>
      <FormMessage state={state} />
    </form>
  );
}
