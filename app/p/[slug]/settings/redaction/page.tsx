import { Card, PageHeader } from "@/components/ui";
import { requireProjectPage } from "@/lib/server/auth/pages";
import { getRedactionSettings } from "@/lib/server/ingest/redaction-settings";
import { RedactionForm } from "./redaction-form";

export const metadata = { title: "Redaction" };

export default async function RedactionPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const { actor } = await requireProjectPage(slug, "redaction:edit");
  const settings = await getRedactionSettings({ actor, projectSlug: slug });
  return (
    <>
      <PageHeader
        title="PII redaction"
        description="Applied at ingest, before anything is stored: in inputs, outputs, context, signal values and free-form metadata. Each output records how many values were redacted. Outputs already stored are not changed."
      />
      <Card title="Settings"><RedactionForm settings={settings} /></Card>
    </>
  );
}
