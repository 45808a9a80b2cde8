"use server";

import { AuthError } from "next-auth";
import { z } from "zod";
import { signIn } from "@/lib/server/auth/auth";

const signInSchema = z.object({
  email: z.string().trim().email("Enter your email address."),
  password: z.string().min(1, "Enter your password."),
  callbackUrl: z.string().optional(),
});

export type SignInState = { message?: string; email?: string };

// Only same-site paths are followed after sign-in, never another origin.
function safeCallback(url: string | undefined): string {
  return url && url.startsWith("/") && !url.startsWith("//") ? url : "/";
}

export async function signInWithPassword(_previous: SignInState, form: FormData): Promise<SignInState> {
  const parsed = signInSchema.safeParse(Object.fromEntries(form));
  const email = String(form.get("email") ?? "");
  if (!parsed.success) return { message: parsed.error.issues[0]?.message ?? "Check the form.", email };
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: safeCallback(parsed.data.callbackUrl) });
    return {};
  } catch (error) {
    if (error instanceof AuthError) {
      const code = (error as AuthError & { code?: string }).code;
      if (code === "disabled") return { message: "This account is disabled. Ask an administrator to re-enable it.", email };
      if (code === "rate_limited") return { message: "Too many failed sign-ins. Wait 15 minutes, or ask an administrator to reset your password.", email };
      return { message: "Wrong email or password.", email };
    }
    throw error;
  }
}

export async function signInWithOidc(form: FormData): Promise<void> {
  await signIn("oidc", { redirectTo: safeCallback(String(form.get("callbackUrl") ?? "/")) });
}
