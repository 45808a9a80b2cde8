import Link from "next/link";
import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { listIncidentOwners } from "@/lib/server/incidents/owners";
import { instantToZonedLocal } from "@/lib/incidents/local-time";
import { IncidentFieldsForm } from "../incident-forms";

export const metadata = { title: "Record an incident" };
export const dynamic = "force-dynamic";

export default async function NewIncidentPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor, project } = await requireProjectPage(slug, "incidents:manage");
  const owners = await listIncidentOwners({ actor, projectSlug: slug });
  return (
    <>
      <PageHeader
        title="Record an incident"
        description="For an incident found outside the sample: a customer complaint, a support ticket, a guardrail log. Link the outputs it is about by id if you have them."
        actions={<Link href={`/p/${slug}/incidents`} className="text-sm font-medium text-indigo-700 hover:underline">← Incidents</Link>}
      />
      <Card>
        <IncidentFieldsForm

          timeZone={project.timeZone}
          owners={owners}
          initial={{ title: "", description: "", kind: "harm", severity: "S3", category: "other", ownerId: actor.userId, detectedAtLocal: instantToZonedLocal(new Date(), project.timeZone) }}
        />
      </Card>
    </>
  );
}
