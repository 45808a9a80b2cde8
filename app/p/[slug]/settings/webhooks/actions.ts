"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { createWebhook, deleteWebhook, sendTestMessage, setWebhookEnabled } from "@/lib/server/webhooks/webhooks";

const page = (slug: FormDataEntryValue | null) => `/p/${slug}/settings/webhooks`;

const createSchema = z.object({
  projectSlug: z.string(),
  url: z.string().trim().min(1, "enter the receiver's URL").max(2000),
  description: z.string().trim().max(200).optional().transform((v) => v || null),
});

export type CreatedWebhook = { url: string; secret: string };

export async function createWebhookAction(_previous: ActionResult<CreatedWebhook> | null, form: FormData): Promise<ActionResult<CreatedWebhook>> {
  const actor = await requireUser();
  const result = await runAction(createSchema, formToObject(form), async (data) => {
    const created = await createWebhook({ actor, ...data });
    return { url: created.url, secret: created.secret };
  });
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}

const webhookSchema = z.object({ projectSlug: z.string(), webhookId: z.string().min(1) });

export async function deleteWebhookAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(webhookSchema, formToObject(form), (data) => deleteWebhook({ actor, ...data }));
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}

export async function toggleWebhookAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const schema = webhookSchema.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") });
  const result = await runAction(schema, formToObject(form), (data) => setWebhookEnabled({ actor, ...data }));
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}

export async function testWebhookAction(_previous: ActionResult<string> | null, form: FormData): Promise<ActionResult<string>> {
  const actor = await requireUser();
  const result = await runAction(webhookSchema, formToObject(form), async (data) => {
    const sent = await sendTestMessage({ actor, ...data });
    return sent.error ? `Not delivered: ${sent.error}` : `Delivered: the receiver answered ${sent.statusCode} in ${sent.durationMs} ms.`;
  });
  if (result.ok) revalidatePath(page(form.get("projectSlug")));
  return result;
}
