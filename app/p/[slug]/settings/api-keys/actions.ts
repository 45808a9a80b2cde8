"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { ALL_API_KEY_SCOPES } from "@/lib/auth/permissions";
import { projectAction } from "@/lib/server/http/project-action";
import { createApiKey, revokeApiKey } from "@/lib/server/projects/api-keys";

const createKeySchema = z.object({
  name: z.string().trim().min(1, "name the key, e.g. production-logger").max(80),
  scopes: z
    .union([z.enum(ALL_API_KEY_SCOPES), z.array(z.enum(ALL_API_KEY_SCOPES))], "choose at least one scope")
    .transform((v) => (Array.isArray(v) ? v : [v])),
});

export type CreatedKey = { name: string; secret: string; scopes: string[] };

export const createApiKeyAction = projectAction({ permission: "apiKeys:manage", input: createKeySchema }, async ({ actor, projectSlug, input }): Promise<CreatedKey> => {
  const key = await createApiKey({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/settings/api-keys`);
  return { name: key.name, secret: key.secret, scopes: key.scopes };
});

const revokeKeySchema = z.object({ apiKeyId: z.string().min(1) });

export const revokeApiKeyAction = projectAction({ permission: "apiKeys:manage", input: revokeKeySchema }, async ({ actor, projectSlug, input }) => {
  await revokeApiKey({ actor, projectSlug, ...input });
  revalidatePath(`/p/${projectSlug}/settings/api-keys`);
});
