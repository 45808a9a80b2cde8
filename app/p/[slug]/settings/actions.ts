"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { PROJECT_ROLES } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { addMember, removeMember, updateMember } from "@/lib/server/projects/members";
import { updateProjectSettings } from "@/lib/server/projects/projects";
import { expertiseSchema, timeZoneSchema } from "@/lib/validation";

const settingsSchema = z.object({
  projectSlug: z.string(),
  name: z.string().trim().min(1, "enter a name").max(120),
  description: z.string().trim().max(500).optional().transform((v) => v || null),
  timeZone: timeZoneSchema,
  blindReview: z.literal("on").optional().transform((v) => v === "on"),
  // A date (UTC midnight) or empty for the default, 1970-01-01 (docs/ingest.md).
  earliestOutputAt: z
    .string()
    .trim()
    .optional()
    .transform((v) => v || null)
    .pipe(z.iso.date("enter a date as YYYY-MM-DD, or leave it empty for 1970-01-01").nullable())
    .transform((v) => (v ? new Date(`${v}T00:00:00Z`) : null))
    .refine((d) => d === null || d.getTime() <= Date.now(), "the earliest accepted date cannot be in the future"),
});

export async function updateSettingsAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(settingsSchema, formToObject(form), (data) => updateProjectSettings({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}`, "layout");
  return result;
}

const addMemberSchema = z.object({
  projectSlug: z.string(),
  email: z.string().trim().email("enter a valid email address"),
  name: z.string().trim().max(120).optional().transform((v) => v || null),
  role: z.enum(PROJECT_ROLES, "choose a role"),
  expertise: expertiseSchema.default([]),
  initialPassword: z.string().optional().transform((v) => v || null),
});

export async function addMemberAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(addMemberSchema, formToObject(form), (data) => addMember({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/settings`);
  return result;
}

const updateMemberSchema = z.object({
  projectSlug: z.string(),
  membershipId: z.string().min(1),
  role: z.enum(PROJECT_ROLES, "choose a role"),
  expertise: expertiseSchema.default([]),
});

export async function updateMemberAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(updateMemberSchema, formToObject(form), (data) => updateMember({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/settings`);
  return result;
}

const removeMemberSchema = z.object({ projectSlug: z.string(), membershipId: z.string().min(1) });

export async function removeMemberAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(removeMemberSchema, formToObject(form), (data) => removeMember({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/settings`);
  return result;
}
