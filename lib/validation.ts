// Field schemas shared by several forms and routes.
import { z } from "zod";

export const projectSlugSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{1,48}$/, "use 2–49 lower-case letters, digits and hyphens, starting with a letter or digit");

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
