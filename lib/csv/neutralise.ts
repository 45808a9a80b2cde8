// CSV formula injection (OWASP "CSV Injection", ASVS 5.0 1.2.10): a cell that begins with `=`,
// `+`, `-`, `@`, tab, carriage return, line feed or NUL can be run as a formula by a spreadsheet,
// so it gets a leading apostrophe, which spreadsheets read as "text follows". One rule for every
// CSV Assay writes for people (incident reviews, dataset exports). Only for files people open:
// a program reading the file back would see the apostrophe. Quoting the field (RFC 4180) is the
// writer's job; both are needed, since a separator or quote could otherwise open a new cell. Pure.
const FORMULA_START = /^[=+\-@\t\r\n\0]/;

/** The text as a spreadsheet shows it and never runs it: a leading ' when it could start a formula. */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
