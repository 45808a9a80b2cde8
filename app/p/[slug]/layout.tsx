import { TopBar } from "@/components/shell/top-bar";
import { ProjectNav } from "@/components/shell/project-nav";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { can, ROLE_LABELS } from "@/lib/auth/permissions";
import { PROJECT_SECTIONS } from "@/lib/project-navigation";

export default async function ProjectLayout({ children, params }: { children: React.ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, ...access } = await requireProjectPage(slug, "project:read");
  const { project, role } = access;
  const items = PROJECT_SECTIONS.filter((section) => can(access, section.permission)).map(
    (section) => ({ key: section.key, label: section.label, href: `/p/${project.slug}${section.path}`, built: section.built }),
  );
  return (
    <div className="min-h-screen">
      <a href="#main-content" className="sr-only rounded-md bg-indigo-700 px-3 py-2 text-sm font-medium text-white focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50">Skip to main content</a>
      <div className="print:hidden">
      <TopBar user={actor}>
        <span className="text-slate-300">/</span>
        <span className="text-sm font-medium" data-testid="project-name">{project.name}</span>
        <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600" data-testid="project-role">
          {role ? ROLE_LABELS[role] : "Instance admin"}
        </span>
      </TopBar>
      </div>
      <div className="mx-auto flex max-w-7xl gap-6 px-4 py-6">
        <aside className="w-48 shrink-0 print:hidden"><ProjectNav items={items} /></aside>
        <main id="main-content" tabIndex={-1} className="min-w-0 flex-1 outline-none">{children}</main>
      </div>
    </div>
  );
}
