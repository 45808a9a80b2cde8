// CSV for spreadsheets: RFC 4180 quoting, and cells a spreadsheet would run as a formula
// (beginning with =, +, -, @, tab or carriage return) neutralised with a leading apostrophe
// (OWASP "CSV injection"). Pure.
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  const text = value instanceof Date ? value.toISOString() : String(value);
  return FORMULA_START.test(text) ? `'${text}` : text;
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text.startsWith(" ") || text.endsWith(" ") ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text (CRLF line ends), every cell neutralised. Numbers are written as is. */
export function toCsv(rows: unknown[][]): string {
  return rows.map((row) => row.map((cell) => (typeof cell === "number" ? String(cell) : quote(neutraliseCell(cell)))).join(",")).join("\r\n") + "\r\n";
}
