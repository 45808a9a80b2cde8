import { redirect } from "next/navigation";
import { Alert, Button } from "@/components/ui";
import { oidcSettingsFromEnv } from "@/lib/auth/oidc";
import { getCurrentUser } from "@/lib/server/auth/current";
import { countUsers } from "@/lib/server/users/users";
import { SignInForm } from "./sign-in-form";
import { signInWithOidc } from "./actions";

export const metadata = { title: "Sign in" };

const errorMessages: Record<string, string> = {
  AccessDenied: "Your SSO account is not allowed here, or it is disabled. Ask an administrator.",
  Configuration: "Sign-in is misconfigured on the server; see its log.",
};

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ callbackUrl?: string; error?: string }> }) {
  const { callbackUrl, error } = await searchParams;
  if (await getCurrentUser()) redirect("/");
  if ((await countUsers()) === 0) redirect("/setup");
  const oidc = oidcSettingsFromEnv();
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Sign in to Assay</h1>
      <p className="mb-6 text-sm text-slate-600">Human review and sampling audits of AI outputs.</p>
      {error && errorMessages[error] ? <div className="mb-4"><Alert>{errorMessages[error]}</Alert></div> : null}
      <SignInForm callbackUrl={callbackUrl} />
      {oidc ? (
        <form action={signInWithOidc} className="mt-4">
          <input type="hidden" name="callbackUrl" value={callbackUrl ?? "/"} />
          <Button type="submit" variant="secondary" className="w-full">Continue with {oidc.name}</Button>
        </form>
      ) : null}
    </main>
  );
}
