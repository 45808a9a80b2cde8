"use client";

import { useState } from "react";
import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import type { ActionResult } from "@/lib/forms/types";
import {
  CATEGORY_LABELS,
  INCIDENT_CATEGORIES,
  INCIDENT_KINDS,
  KIND_DEFINITIONS,
  KIND_LABELS,
  SEVERITIES,
  SEVERITY_DEFINITIONS,
  STATUS_LABELS,
  incidentReference,
  type IncidentStatus,
  type SlaHours,
} from "@/lib/incidents/types";
import { changeStatusAction, commentAction, createIncidentAction, linkAction, signOffAction, updateIncidentAction, updateSlaAction } from "./actions";

const textArea = "block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none";

export type IncidentFormValues = {
  title: string;
  description: string;
  kind: string;
  severity: string;
  category: string;
  ownerId: string | null;
  detectedAtLocal: string;
};

export function IncidentFieldsForm({ timeZone, incidentId, initial, owners, disabled }: {
  timeZone: string;
  /** Absent: recording a new incident. */
  incidentId?: string;
  initial: IncidentFormValues;
  owners: { userId: string; name: string }[];
  disabled?: boolean;
}) {
  const creating = !incidentId;
  const { state, pending, form } = useProjectActionForm<ActionResult<unknown> | null>((creating ? createIncidentAction : updateIncidentAction) as never, null);
  const error = (field: string) => fieldError(state, field);
  return (
    <form {...form} className="space-y-4" aria-label={creating ? "Record an incident" : "Incident details"}>
      <FormMessage state={state} success={creating ? undefined : "Saved."} />
      <input type="hidden" name="timeZone" value={timeZone} />
      {incidentId ? <input type="hidden" name="incidentId" value={incidentId} /> : null}
      <fieldset disabled={disabled} className="space-y-4">
        <Field label="Title" htmlFor="title" error={error("title")}>
          <Input id="title" name="title" defaultValue={initial.title} required maxLength={200} />
        </Field>
        <Field label="Description" htmlFor="description" error={error("description")}>
          <textarea id="description" name="description" defaultValue={initial.description} rows={4} className={textArea} />
        </Field>
        <div className="grid gap-4 md:grid-cols-2">
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Kind</legend>
            {INCIDENT_KINDS.map((kind) => (
              <label key={kind} className="flex items-start gap-2 text-sm">
                <input type="radio" name="kind" value={kind} defaultChecked={initial.kind === kind} className="mt-1" />
                <span><span className="font-medium">{KIND_LABELS[kind]}</span> <span className="text-slate-500">{KIND_DEFINITIONS[kind]}</span></span>
              </label>
            ))}
            {error("kind") ? <p className="text-xs text-red-700" role="alert">{error("kind")}</p> : null}
          </fieldset>
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium text-slate-700">Severity</legend>
            {SEVERITIES.map((severity) => (
              <label key={severity} className="flex items-start gap-2 text-sm">
                <input type="radio" name="severity" value={severity} defaultChecked={initial.severity === severity} className="mt-1" aria-label={`Severity ${severity}`} />
                <span><span className="font-semibold">{severity}</span> <span className="text-slate-500">{SEVERITY_DEFINITIONS[severity]}</span></span>
              </label>
            ))}
            {error("severity") ? <p className="text-xs text-red-700" role="alert">{error("severity")}</p> : null}
          </fieldset>
        </div>
        <div className="grid gap-4 md:grid-cols-3">
          <Field label="Category" htmlFor="category" error={error("category")}>
            <Select id="category" name="category" defaultValue={initial.category}>
              {INCIDENT_CATEGORIES.map((c) => <option key={c} value={c}>{CATEGORY_LABELS[c]}</option>)}
            </Select>
          </Field>
          <Field label="Owner" htmlFor="ownerId" error={error("ownerId")}>
            <Select id="ownerId" name="ownerId" defaultValue={initial.ownerId ?? ""}>
              <option value="">unassigned</option>
              {owners.map((o) => <option key={o.userId} value={o.userId}>{o.name}</option>)}
            </Select>
          </Field>
          <Field label={`Detected at (${timeZone})`} htmlFor="detectedAt" error={error("detectedAt")}>
            <Input id="detectedAt" name="detectedAt" type="datetime-local" defaultValue={initial.detectedAtLocal} required />
          </Field>
        </div>
        {creating ? (
          <div className="grid gap-4 md:grid-cols-2">
            <Field label="Reported via" htmlFor="reportedVia" hint="Customer complaint, support ticket, guardrail log…" error={error("reportedVia")}>
              <Input id="reportedVia" name="reportedVia" />
            </Field>
            <Field label="Linked outputs" htmlFor="outputIds" hint="Output ids or your own external ids, separated by commas or lines (optional)." error={error("outputIds")}>
              <textarea id="outputIds" name="outputIds" rows={2} className={textArea} />
            </Field>
          </div>
        ) : (
          <Field label="Comment on this change (optional)" htmlFor="editComment">
            <Input id="editComment" name="comment" />
          </Field>
        )}
        <Button type="submit" disabled={pending}>{creating ? "Record incident" : "Save details"}</Button>
      </fieldset>
    </form>
  );
}

/** Moves the incident along; every move asks for confirmation first, closing asks for root cause and resolution. */
export function StatusForm({ incidentId, number, status, allowed, proposal }: {
  incidentId: string;
  number: number;
  status: IncidentStatus;
  allowed: IncidentStatus[];
  proposal: { reason: string } | null;
}) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ status: string }> | null>(changeStatusAction, null);
  const [to, setTo] = useState<IncidentStatus | null>(null);
  const [closeReason, setCloseReason] = useState<"resolved" | "not_an_incident">(proposal ? "not_an_incident" : "resolved");
  const error = (field: string) => fieldError(state, field);
  const verb = (target: IncidentStatus) => (status === "closed" && target === "open" ? "Reopen" : `Mark ${STATUS_LABELS[target].toLowerCase()}`);
  return (
    <div className="space-y-3">
      <FormMessage state={state} success={state?.ok ? `Now ${state.data.status}.` : undefined} />
      <div className="flex flex-wrap gap-2">
        {allowed.map((target) => (
          <Button key={target} type="button" variant={target === "closed" ? "primary" : "secondary"} onClick={() => setTo(target)} aria-pressed={to === target}>
            {target === "closed" ? "Close…" : `${verb(target)}…`}
          </Button>
        ))}
      </div>
      {to && allowed.includes(to) ? (
        <form {...form} className="space-y-3 rounded-md border border-slate-200 bg-slate-50 p-3" aria-label="Confirm status change">
          <input type="hidden" name="incidentId" value={incidentId} />
          <input type="hidden" name="to" value={to} />
          {to === "closed" ? (
            <>
              <fieldset className="flex gap-4 text-sm">
                <legend className="sr-only">Close as</legend>
                <label className="flex items-center gap-2"><input type="radio" name="closeReason" value="resolved" checked={closeReason === "resolved"} onChange={() => setCloseReason("resolved")} /> Resolved</label>
                <label className="flex items-center gap-2"><input type="radio" name="closeReason" value="not_an_incident" checked={closeReason === "not_an_incident"} onChange={() => setCloseReason("not_an_incident")} /> Not an incident</label>
              </fieldset>
              <Field label="Root cause" htmlFor="rootCause" error={error("rootCause")}>
                <textarea id="rootCause" name="rootCause" rows={2} className={textArea} defaultValue={closeReason === "not_an_incident" && proposal ? "Gold decision: no harm" : ""} />
              </Field>
              <Field label="Resolution" htmlFor="resolution" error={error("resolution")}>
                <textarea id="resolution" name="resolution" rows={2} className={textArea} defaultValue={closeReason === "not_an_incident" && proposal ? proposal.reason : ""} />
              </Field>
            </>
          ) : null}
          <Field label="Comment (optional)" htmlFor="statusComment">
            <Input id="statusComment" name="comment" />
          </Field>
          <p className="text-sm text-slate-700">
            {to === "closed" ? `Close ${incidentReference(number)}?` : `${verb(to)} ${incidentReference(number)}?`} The change is kept in the timeline{to === "closed" ? "; the incident can be reopened later." : "."}
          </p>
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>{to === "closed" ? "Confirm close" : `Confirm: ${verb(to).toLowerCase()}`}</Button>
            <Button type="button" variant="secondary" onClick={() => setTo(null)}>Cancel</Button>
          </div>
        </form>
      ) : null}
    </div>
  );
}

export function CommentForm({ incidentId }: { incidentId: string }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ id: string }> | null>(commentAction, null);
  return (
    <form {...form} className="space-y-2" aria-label="Comment">
      <FormMessage state={state} />
      <input type="hidden" name="incidentId" value={incidentId} />
      <Field label="Comment" htmlFor="comment" hint="Mention a member with @ and the part of their email before the @." error={fieldError(state, "(body)")}>
        <textarea id="comment" name="comment" rows={3} className={textArea} />
      </Field>
      <Button type="submit" disabled={pending}>Add comment</Button>
    </form>
  );
}

export function LinkForm({ incidentId }: { incidentId: string }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ outputs: number; labels: number }> | null>(linkAction, null);
  return (
    <form {...form} className="space-y-2" aria-label="Link outputs and labels">
      <FormMessage state={state} success={state?.ok ? `Linked ${state.data.outputs} output(s) and ${state.data.labels} label(s).` : undefined} />
      <input type="hidden" name="incidentId" value={incidentId} />
      <Field label="Output ids" htmlFor="linkOutputIds" error={fieldError(state, "outputIds")}>
        <Input id="linkOutputIds" name="outputIds" placeholder="id or external id, comma separated" />
      </Field>
      <Field label="Label ids" htmlFor="linkLabelIds" error={fieldError(state, "labelIds")}>
        <Input id="linkLabelIds" name="labelIds" />
      </Field>
      <Button type="submit" variant="secondary" disabled={pending}>Link</Button>
    </form>
  );
}

export function SlaForm({ sla }: { sla: SlaHours }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<unknown> | null>(updateSlaAction, null);
  return (
    <form {...form} className="space-y-3" aria-label="SLA per severity">
      <FormMessage state={state} success="SLA saved." />
      <div className="grid grid-cols-4 gap-3">
        {SEVERITIES.map((s) => (
          <Field key={s} label={`${s} hours`} htmlFor={`sla-${s}`} error={fieldError(state, s)}>
            <Input id={`sla-${s}`} name={s} type="number" min={1} step="any" defaultValue={sla[s]} />
          </Field>
        ))}
      </div>
      <Button type="submit" variant="secondary" disabled={pending}>Save SLA</Button>
    </form>
  );
}

export function SignOffForm({ month, title }: { month: string; title: string }) {
  const { state, pending, form } = useProjectActionForm<ActionResult<{ month: string }> | null>(signOffAction, null);
  const [confirming, setConfirming] = useState(false);
  return (
    <form {...form} className="space-y-3" aria-label="Sign off the month">
      <FormMessage state={state} />
      <input type="hidden" name="month" value={month} />
      <Field label="Notes" htmlFor="notes" error={fieldError(state, "notes")}>
        <textarea id="notes" name="notes" rows={3} className={textArea} />
      </Field>
      <Field label="Action items" htmlFor="actionItems" hint="One per line." error={fieldError(state, "actionItems")}>
        <textarea id="actionItems" name="actionItems" rows={3} className={textArea} />
      </Field>
      {confirming ? (
        <div className="space-y-2 rounded-md border border-amber-200 bg-amber-50 p-3">
          <p className="text-sm text-amber-900">Sign off {title}? Its figures are kept as they are now and its incidents become read-only: later changes are refused.</p>
          <div className="flex gap-2">
            <Button type="submit" disabled={pending}>Confirm sign-off</Button>
            <Button type="button" variant="secondary" onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </div>
      ) : (
        <Button type="button" onClick={() => setConfirming(true)}>Sign off {title}…</Button>
      )}
    </form>
  );
}
