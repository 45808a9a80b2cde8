import Link from "next/link";
import { redirect } from "next/navigation";
import { TopBar } from "@/components/shell/top-bar";
import { Card, PageHeader } from "@/components/ui";
import { ROLE_LABELS } from "@/lib/auth/permissions";
import { getCurrentUser } from "@/lib/server/auth/current";
import { canInInstance } from "@/lib/server/auth/authorize";
import { listProjectsForActor } from "@/lib/server/projects/projects";
import { countUsers } from "@/lib/server/users/users";
import { CreateProjectForm } from "./create-project-form";

export default async function HomePage() {
  const user = await getCurrentUser();
  if (!user) redirect((await countUsers()) === 0 ? "/setup" : "/sign-in");
  const projects = await listProjectsForActor({ actor: user });
  const mayCreateProjects = canInInstance(user, "projects:create");
  // A member of one project lands in it; instance admins stay here, where projects are created.
  if (projects.length === 1 && !mayCreateProjects) redirect(`/p/${projects[0].slug}`);
  return (
    <div className="min-h-screen">
      <TopBar user={user} />
      <main className="mx-auto max-w-5xl px-4 py-8">
        <PageHeader title="Projects" description="Each project is one AI system under audit." />
        {projects.length === 0 ? (
          <Card><p className="text-sm text-slate-600">You are not a member of any project yet. Ask a project admin to add you.</p></Card>
        ) : (
          <ul className="grid gap-4 sm:grid-cols-2" data-testid="project-list">
            {projects.map((p) => (
              <li key={p.id}>
                <Link href={`/p/${p.slug}`} className="block rounded-lg border border-slate-200 bg-white p-4 shadow-sm hover:border-indigo-300">
                  <div className="flex items-center justify-between">
                    <span className="font-medium">{p.name}</span>
                    <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">{p.role ? ROLE_LABELS[p.role] : "Instance admin"}</span>
                  </div>
                  {p.description ? <p className="mt-1 text-sm text-slate-600">{p.description}</p> : null}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {mayCreateProjects ? (
          <div className="mt-8 max-w-lg"><Card title="New project"><CreateProjectForm /></Card></div>
        ) : null}
      </main>
    </div>
  );
}
