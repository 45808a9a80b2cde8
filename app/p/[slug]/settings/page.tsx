import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getProjectSettings } from "@/lib/server/projects/projects";
import { listMembers } from "@/lib/server/projects/members";
import { AddMemberForm, MembersTable, ProjectSettingsForm } from "./settings-forms";

export const metadata = { title: "Settings" };

export default async function ProjectSettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "settings:read");
  const [settings, members] = await Promise.all([getProjectSettings({ actor, projectSlug: slug }), listMembers({ actor, projectSlug: slug })]);
  return (
    <>
      <PageHeader title="Settings" description="Project details, members, roles and expertise." />
      <div className="space-y-6">
        <Card title="Project"><ProjectSettingsForm settings={settings} /></Card>
        <Card title={`Members (${members.length})`}><MembersTable members={members} /></Card>
        <Card title="Add a member"><AddMemberForm /></Card>
      </div>
    </>
  );
}
