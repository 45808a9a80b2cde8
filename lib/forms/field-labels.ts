// Error messages in the words of the form: a field is named by its label, never by the
// parameter name the server knows it by. The DOM part takes the labels from the form as rendered.

/** The shape of lib/server/errors FieldIssue (kept here so this pure module imports no server code). */
export type FieldIssue = { field: string; message: string };

export type FieldLabels = Record<string, string>;

/** "initialPassword" → "Initial password"; "strata.2.value" → "Strata 3 value": a last resort. */
export function humanizeFieldName(field: string): string {
  const words = field
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/[_-]+/g, " ").toLowerCase()))
    .join(" ")
    .trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "Initial password: at least 10 characters; Time zone: unknown time zone". */
export function describeIssues(issues: FieldIssue[], labels: FieldLabels): string {
  return issues.map((issue) => `${labels[issue.field] ?? humanizeFieldName(issue.field)}: ${issue.message}`).join("; ");
}

type Labelled = Element & { name?: string; labels?: NodeListOf<HTMLLabelElement> | null };

/** Each named control's visible label: its <label>, else aria-label, else its fieldset's legend. */
export function fieldLabelsOfForm(form: HTMLFormElement): FieldLabels {
  const labels: FieldLabels = {};
  for (const element of Array.from(form.elements) as Labelled[]) {
    const name = element.name?.replace(/\[\]$/, "");
    if (!name || labels[name]) continue;
    const text =
      element.labels?.[0]?.textContent ??
      element.getAttribute("aria-label") ??
      element.closest("fieldset")?.querySelector("legend")?.textContent ??
      null;
    // A checkbox's own label is its option ("ingest: send …"); the group's legend names the field.
    const legend = element.getAttribute("type") === "checkbox" ? element.closest("fieldset")?.querySelector("legend")?.textContent : null;
    const label = (legend ?? text)?.trim();
    if (label) labels[name] = label;
  }
  return labels;
}
