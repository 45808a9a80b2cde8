import { TopBar } from "@/components/shell/top-bar";
import { Card, PageHeader } from "@/components/ui";
import { requireInstancePage } from "@/lib/server/auth/pages";
import { listUsers } from "@/lib/server/users/users";
import { CreateUserForm, ToggleDisabledButton } from "./user-forms";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  const actor = await requireInstancePage("users:manage");
  const users = await listUsers({ actor });
  return (
    <div className="min-h-screen">
      <TopBar user={actor} />
      <main className="mx-auto max-w-5xl space-y-6 px-4 py-8">
        <PageHeader title="Users" description="Everyone with an account on this instance. Disabled users cannot sign in and lose access at once." />
        <Card title={`Users (${users.length})`}>
          <table className="min-w-full text-sm">
            <thead><tr className="text-left text-xs uppercase text-slate-500"><th className="py-1">Email</th><th>Name</th><th>Projects</th><th>Role</th><th>Status</th><th /></tr></thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id} className="border-t border-slate-100">
                  <td className="py-2">{u.email}</td>
                  <td>{u.name ?? "—"}</td>
                  <td>{u._count.memberships}</td>
                  <td>{u.isInstanceAdmin ? "Instance admin" : "User"}</td>
                  <td>{u.disabledAt ? <span className="text-red-700">disabled</span> : "active"}</td>
                  <td>{u.id === actor.userId ? null : <ToggleDisabledButton userId={u.id} disabled={u.disabledAt !== null} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="New user"><CreateUserForm /></Card>
      </main>
    </div>
  );
}
