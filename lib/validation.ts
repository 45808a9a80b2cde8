// Field schemas shared by several forms and routes.
import { z } from "zod";
import { PROJECT_SLUG_HINT, PROJECT_SLUG_PATTERN } from "@/lib/projects/slug";

export const projectSlugSchema = z
  .string()
  .trim()
  .regex(new RegExp(`^${PROJECT_SLUG_PATTERN}$`), PROJECT_SLUG_HINT);

export const timeZoneSchema = z.string().trim().refine((zone) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}, "not a known IANA time zone (e.g. Europe/Berlin)");

export const expertiseSchema = z
  .union([z.string(), z.array(z.string())])
  .transform((value) => (Array.isArray(value) ? value : value.split(",")).map((t) => t.trim()).filter(Boolean));

/**
 * A form field carrying JSON written by the page's own script (a plan, a rubric, label values).
 * `what` names it in the error, e.g. "the plan". With `object: true` only a JSON object passes.
 */
export function jsonTextSchema(what: string, options: { object?: boolean } = {}) {
  return z.string().transform((text, ctx) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      ctx.addIssue({ code: "custom", message: `${what} is not valid JSON: ${(error as Error).message}` });
      return z.NEVER;
    }
    if (options.object && (parsed === null || typeof parsed !== "object" || Array.isArray(parsed))) {
      ctx.addIssue({ code: "custom", message: `${what} must be an object of dimension values` });
      return z.NEVER;
    }
    return parsed;
  });
}
