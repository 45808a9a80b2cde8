"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { projectAction } from "@/lib/server/http/project-action";
import { createWebhook, deleteWebhook, sendTestMessage, setWebhookEnabled } from "@/lib/server/webhooks/webhooks";

const page = (projectSlug: string) => `/p/${projectSlug}/settings/webhooks`;

const createSchema = z.object({
  url: z.string().trim().min(1, "enter the receiver's URL").max(2000),
  description: z.string().trim().max(200).optional().transform((v) => v || null),
});

export type CreatedWebhook = { url: string; secret: string };

export const createWebhookAction = projectAction({ permission: "webhooks:manage", input: createSchema }, async ({ actor, projectSlug, input }): Promise<CreatedWebhook> => {
  const created = await createWebhook({ actor, projectSlug, ...input });
  revalidatePath(page(projectSlug));
  return { url: created.url, secret: created.secret };
});

const webhookSchema = z.object({ webhookId: z.string().min(1) });

export const deleteWebhookAction = projectAction({ permission: "webhooks:manage", input: webhookSchema }, async ({ actor, projectSlug, input }) => {
  const deleted = await deleteWebhook({ actor, projectSlug, ...input });
  revalidatePath(page(projectSlug));
  return deleted;
});

const toggleSchema = webhookSchema.extend({ enabled: z.enum(["true", "false"]).transform((v) => v === "true") });

export const toggleWebhookAction = projectAction({ permission: "webhooks:manage", input: toggleSchema }, async ({ actor, projectSlug, input }) => {
  const toggled = await setWebhookEnabled({ actor, projectSlug, ...input });
  revalidatePath(page(projectSlug));
  return toggled;
});

export const testWebhookAction = projectAction({ permission: "webhooks:manage", input: webhookSchema }, async ({ actor, projectSlug, input }) => {
  const sent = await sendTestMessage({ actor, projectSlug, ...input });
  revalidatePath(page(projectSlug));
  return sent.error ? `Not delivered: ${sent.error}` : `Delivered: the receiver answered ${sent.statusCode} in ${sent.durationMs} ms.`;
});
