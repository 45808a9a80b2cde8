// The project slug rule, shared by the create form (as an HTML pattern) and the server schema.

/**
 * As an HTML `pattern` attribute. Browsers compile it with the `v` flag, which rejects an
 * unescaped `-` in a class (`[a-z0-9-]`), so the hyphen is escaped; the same source is valid
 * without the flag, and lib/validation's projectSlugSchema anchors it.
 */
export const PROJECT_SLUG_PATTERN = "[a-z0-9][a-z0-9\\-]{1,48}";
export const PROJECT_SLUG_HINT = "use 2–49 lower-case letters, digits and hyphens, starting with a letter or digit";
