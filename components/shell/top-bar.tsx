import Link from "next/link";
import { signOut } from "@/lib/server/auth/auth";
import type { UserActor } from "@/lib/server/auth/actor";
import { canInInstance } from "@/lib/server/auth/authorize";

export function TopBar({ user, children }: { user: UserActor; children?: React.ReactNode }) {
  async function signOutAction() {
    "use server";
    await signOut({ redirectTo: "/sign-in" });
  }
  return (
    <header className="border-b border-slate-200 bg-white">
      <div className="mx-auto flex h-12 max-w-7xl items-center gap-4 px-4">
        <Link href="/" className="font-semibold tracking-tight text-indigo-700">Assay</Link>
        {children}
        <div className="ml-auto flex items-center gap-3 text-sm">
          {canInInstance(user, "users:manage") ? <Link href="/admin/users" className="text-slate-600 hover:text-slate-900">Users</Link> : null}
          {canInInstance(user, "instanceAuditLog:read") ? <Link href="/admin/audit-log" className="text-slate-600 hover:text-slate-900">Audit log</Link> : null}
          <span className="text-slate-600" data-testid="signed-in-as">{user.email}</span>
          <form action={signOutAction}>
            <button type="submit" className="text-slate-600 hover:text-slate-900">Sign out</button>
          </form>
        </div>
      </div>
    </header>
  );
}
