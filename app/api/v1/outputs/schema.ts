import { z } from "zod";
import { projectSlugSchema } from "@/lib/validation";

/** Query parameters of POST /api/v1/outputs. With an API key the key decides the project; `project` only double-checks it. */
export const ingestQuerySchema = z.object({ project: projectSlugSchema.optional() });
