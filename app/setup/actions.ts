"use server";

import { z } from "zod";
import { signIn } from "@/lib/server/auth/auth";
import { runAction, formToObject, type ActionResult } from "@/lib/server/http/action";
import { createFirstAdmin } from "@/lib/server/users/users";
import { PASSWORD_MIN_LENGTH } from "@/lib/server/auth/passwords";

const setupSchema = z.object({
  email: z.string().trim().email("Enter a valid email address."),
  name: z.string().trim().min(1, "Enter your name.").max(120),
  password: z.string().min(PASSWORD_MIN_LENGTH, `Use at least ${PASSWORD_MIN_LENGTH} characters.`),
});

export async function createInstanceAdmin(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const input = formToObject(form);
  const result = await runAction(setupSchema, input, async (data) => {
    await createFirstAdmin(data);
    return undefined;
  });
  if (!result.ok) return result;
  await signIn("credentials", { email: String(input.email), password: String(input.password), redirectTo: "/" });
  return result;
}
