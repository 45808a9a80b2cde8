import { z } from "zod";
import { projectSlugSchema } from "@/lib/validation";

export const otlpQuerySchema = z.object({ project: projectSlugSchema.optional() });

/** Largest export body after decompression (OTLP attributes are unbounded by default in the JS SDK). */
export function otlpMaxBodyBytes(): number {
  const value = Number(process.env.ASSAY_OTLP_MAX_BYTES);
  return Number.isFinite(value) && value > 0 ? value : 64 * 1024 * 1024;
}
