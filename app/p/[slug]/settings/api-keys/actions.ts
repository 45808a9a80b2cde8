"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ALL_API_KEY_SCOPES } from "@/lib/auth/permissions";
import { requireUser } from "@/lib/server/auth/pages";
import { formToObject, runAction, type ActionResult } from "@/lib/server/http/action";
import { createApiKey, revokeApiKey } from "@/lib/server/projects/api-keys";

const createKeySchema = z.object({
  projectSlug: z.string(),
  name: z.string().trim().min(1, "name the key, e.g. production-logger").max(80),
  scopes: z
    .union([z.enum(ALL_API_KEY_SCOPES), z.array(z.enum(ALL_API_KEY_SCOPES))], "choose at least one scope")
    .transform((v) => (Array.isArray(v) ? v : [v])),
});

export type CreatedKey = { name: string; secret: string; scopes: string[] };

export async function createApiKeyAction(_previous: ActionResult<CreatedKey> | null, form: FormData): Promise<ActionResult<CreatedKey>> {
  const actor = await requireUser();
  const result = await runAction(createKeySchema, formToObject(form), async (data) => {
    const key = await createApiKey({ actor, ...data });
    return { name: key.name, secret: key.secret, scopes: key.scopes };
  });
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/settings/api-keys`);
  return result;
}

const revokeKeySchema = z.object({ projectSlug: z.string(), apiKeyId: z.string().min(1) });

export async function revokeApiKeyAction(_previous: ActionResult | null, form: FormData): Promise<ActionResult> {
  const actor = await requireUser();
  const result = await runAction(revokeKeySchema, formToObject(form), (data) => revokeApiKey({ actor, ...data }).then(() => undefined));
  if (result.ok) revalidatePath(`/p/${form.get("projectSlug")}/settings/api-keys`);
  return result;
}
