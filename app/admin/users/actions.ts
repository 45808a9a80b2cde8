"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { createUser, setUserDisabled } from "@/lib/server/users/users";
import { PASSWORD_MIN_LENGTH } from "@/lib/server/auth/passwords";

const createUserSchema = z.object({
  email: z.string().trim().email("enter a valid email address"),
  name: z.string().trim().max(120).optional().transform((v) => v || null),
  password: z.string().min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`),
  isInstanceAdmin: z.literal("on").optional().transform((v) => v === "on"),
});

export async function createUserAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(createUserSchema, formToObject(form), (data) => createUser({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath("/admin/users");
  return result;
}

const disableSchema = z.object({ userId: z.string().min(1), disabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export async function setUserDisabledAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(disableSchema, formToObject(form), (data) => setUserDisabled({ actor, ...data }));
  if (result.ok) revalidatePath("/admin/users");
  return result;
}
