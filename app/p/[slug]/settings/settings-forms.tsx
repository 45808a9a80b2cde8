"use client";

import { Button, Field, Input, Select } from "@/components/ui";
import { fieldError, FormMessage, useProjectActionForm } from "@/components/form-state";
import { ConfirmSubmit } from "@/components/confirm-submit";
import { DataTable, type DataTableColumn } from "@/components/data-table";
import { PROJECT_ROLES, ROLE_LABELS, type ProjectRole } from "@/lib/auth/permissions";
import type { ActionResult } from "@/lib/forms/types";
import { addMemberAction, removeMemberAction, updateMemberAction, updateSettingsAction } from "./actions";

type Settings = { slug: string; name: string; description: string | null; timeZone: string; blindReview: boolean; earliestOutputAt: Date | null };

export function ProjectSettingsForm({ settings }: { settings: Settings }) {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult | null>(updateSettingsAction, null);
  return (
    <form {...actionForm} className="space-y-3">
      <FormMessage state={state} success="Settings saved." />
      <Field label="Name" htmlFor="s-name" error={fieldError(state, "name")}><Input id="s-name" name="name" defaultValue={settings.name} required /></Field>
      <Field label="Description" htmlFor="s-desc" error={fieldError(state, "description")}><Input id="s-desc" name="description" defaultValue={settings.description ?? ""} /></Field>
      <Field label="Time zone" htmlFor="s-tz" error={fieldError(state, "timeZone")} hint="ISO audit weeks are cut in this zone."><Input id="s-tz" name="timeZone" defaultValue={settings.timeZone} required /></Field>
      <Field
        label="Earliest output date accepted"
        htmlFor="s-earliest"
        error={fieldError(state, "earliestOutputAt")}
        hint="Ingest rejects outputs timestamped before this date (UTC). Empty: 1970-01-01. Set it earlier only to import historic outputs."
      >
        <Input id="s-earliest" name="earliestOutputAt" type="date" defaultValue={settings.earliestOutputAt ? settings.earliestOutputAt.toISOString().slice(0, 10) : ""} />
      </Field>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" name="blindReview" defaultChecked={settings.blindReview} />
        Blind review: reviewers see no other label for an item until they submit their own
      </label>
      <Button type="submit" disabled={pending}>Save settings</Button>
    </form>
  );
}

export type MemberRow = { id: string; email: string; name: string | null; disabled: boolean; role: ProjectRole; expertise: string[] };

function RoleSelect({ id, defaultValue, label }: { id: string; defaultValue?: ProjectRole; label?: string }) {
  return (
    <Select id={id} name="role" defaultValue={defaultValue ?? "reviewer"} aria-label={label} className="min-w-[9.5rem]">
      {PROJECT_ROLES.map((role) => <option key={role} value={role}>{ROLE_LABELS[role]}</option>)}
    </Select>
  );
}

function MemberEditor({ member }: { member: MemberRow }) {
  const { state: updateState, pending: updating, form: updateForm } = useProjectActionForm<ActionResult | null>(updateMemberAction, null);
  const { state: removeState, pending: removing, form: removeForm } = useProjectActionForm<ActionResult | null>(removeMemberAction, null);
  return (
    <div className="space-y-1">
      <form {...updateForm} className="flex flex-wrap items-center gap-2">
        <input type="hidden" name="membershipId" value={member.id} />
        <RoleSelect id={`role-${member.id}`} defaultValue={member.role} label={`Role of ${member.email}`} />
        <Input aria-label={`Expertise of ${member.email}`} name="expertise" defaultValue={member.expertise.join(", ")} className="w-48 min-w-[8rem] flex-1" />
        <Button type="submit" variant="secondary" disabled={updating}>Save</Button>
      </form>
      <form {...removeForm}>
        <input type="hidden" name="membershipId" value={member.id} />
        <ConfirmSubmit
          label="Remove"
          className="text-xs"
          title={`Remove ${member.email} from the project?`}
          confirmLabel="Remove member"
          pending={removing}
          result={removeState}
          description={
            <>
              <p>{member.name ?? member.email} loses access to this project at once. Their account and the labels they submitted stay.</p>
              <p>You can add them again later.</p>
            </>
          }
        />
      </form>
      <FormMessage state={updateState} success="Saved." />
      <FormMessage state={removeState} />
    </div>
  );
}

export function MembersTable({ members }: { members: MemberRow[] }) {
  const columns: DataTableColumn<MemberRow>[] = [
    { accessorKey: "email", header: "Email", cell: ({ row }) => <span>{row.original.email}{row.original.disabled ? <span className="ml-2 text-xs text-red-700">disabled</span> : null}</span> },
    { accessorKey: "name", header: "Name", cell: ({ getValue }) => (getValue() as string | null) ?? "—" },
    { accessorKey: "role", header: "Role", cell: ({ getValue }) => <span className="whitespace-nowrap">{ROLE_LABELS[getValue() as ProjectRole]}</span> },
    { id: "expertise", accessorFn: (m) => m.expertise.join(", "), header: "Expertise" },
    { id: "edit", header: "Change", enableSorting: false, cell: ({ row }) => <div className="min-w-[26rem]"><MemberEditor member={row.original} /></div> },
  ];
  return <DataTable columns={columns} data={members} searchPlaceholder="Filter members…" />;
}

export function AddMemberForm() {
  const { state, pending, form: actionForm } = useProjectActionForm<ActionResult | null>(addMemberAction, null);
  return (
    <form {...actionForm} className="grid gap-3 md:grid-cols-2">
      <div className="md:col-span-2"><FormMessage state={state} success="Member added." /></div>
      <Field label="Email" htmlFor="m-email" error={fieldError(state, "email")}><Input id="m-email" name="email" type="email" required /></Field>
      <Field label="Name (new users)" htmlFor="m-name" error={fieldError(state, "name")}><Input id="m-name" name="name" /></Field>
      <Field label="Role" htmlFor="m-role" error={fieldError(state, "role")}><RoleSelect id="m-role" /></Field>
      <Field label="Expertise" htmlFor="m-expertise" error={fieldError(state, "expertise")} hint="Comma-separated task types, e.g. billing, refunds. Review routing uses them.">
        <Input id="m-expertise" name="expertise" />
      </Field>
      <Field label="Initial password (new users only)" htmlFor="m-password" error={fieldError(state, "initialPassword")} hint="Needed when the email has no account yet; at least 10 characters.">
        <Input id="m-password" name="initialPassword" type="password" autoComplete="new-password" />
      </Field>
      <div className="flex items-end"><Button type="submit" disabled={pending}>Add member</Button></div>
    </form>
  );
}
