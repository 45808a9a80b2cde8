import { redirect } from "next/navigation";
import { countUsers } from "@/lib/server/users/users";
import { SetupForm } from "./setup-form";

export const metadata = { title: "Set up" };

export default async function SetupPage() {
  if ((await countUsers()) > 0) redirect("/sign-in");
  return (
    <main className="mx-auto flex min-h-screen max-w-sm flex-col justify-center px-4">
      <h1 className="mb-1 text-2xl font-semibold tracking-tight">Welcome to Assay</h1>
      <p className="mb-6 text-sm text-slate-600">This instance is empty. Create its administrator: the account that manages users and projects.</p>
      <SetupForm />
    </main>
  );
}
