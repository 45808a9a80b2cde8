"use client";

import { Button } from "@/components/ui";
import { FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import { acknowledgeAlertAction } from "./actions";

export function AcknowledgeButton({ alertId, label }: { alertId: string; label: string }) {
  const { state, pending, form } = useProjectActionForm<ActionResult | null>(acknowledgeAlertAction, null);
  return (
    <form {...form}>
      <input type="hidden" name="alertId" value={alertId} />
      <Button type="submit" variant="secondary" className="text-xs" disabled={pending} aria-label={`Acknowledge ${label}`}>Acknowledge</Button>
      <FormMessage state={state} />
    </form>
  );
}
