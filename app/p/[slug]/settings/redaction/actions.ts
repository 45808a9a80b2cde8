"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { ValidationError } from "@/lib/server/errors";
import { customPatternSchema } from "@/lib/ingest/redaction";
import { updateRedactionSettings } from "@/lib/server/ingest/redaction-settings";

const checkbox = z.literal("on").optional().transform((v) => v === "on");

// Custom patterns are edited as lines "name = pattern"; errors name the line.
const formSchema = z.object({
  enabled: checkbox,
  emails: checkbox,
  phones: checkbox,
  cards: checkbox,
  custom: z.string().optional().default(""),
});

function parseCustomLines(text: string) {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const custom: { name: string; pattern: string }[] = [];
  const issues: { field: string; message: string }[] = [];
  lines.forEach((line, i) => {
    if (!line || line.startsWith("#")) return;
    const eq = line.indexOf("=");
    if (eq <= 0) {
      issues.push({ field: "custom", message: `line ${i + 1}: write name = pattern (e.g. order_id = ORD-\\d{6})` });
      return;
    }
    const entry = { name: line.slice(0, eq).trim(), pattern: line.slice(eq + 1).trim() };
    const checked = customPatternSchema.safeParse(entry);
    if (!checked.success) issues.push({ field: "custom", message: `line ${i + 1}: ${checked.error.issues.map((x) => `${x.path.join(".")} ${x.message}`).join("; ")}` });
    else custom.push(checked.data);
  });
  if (issues.length) throw new ValidationError(issues);
  return custom;
}

export const updateRedactionAction = projectAction({ permission: "redaction:edit", input: formSchema }, async ({ actor, projectSlug, input: { custom, ...flags } }) => {
  await updateRedactionSettings({ actor, projectSlug, settings: { ...flags, custom: parseCustomLines(custom) } });
  revalidatePath(`/p/${projectSlug}/settings/redaction`);
});
