// CSV for spreadsheets: RFC 4180 quoting, and cells a spreadsheet would run as a formula
// neutralised by the one shared rule (lib/csv/neutralise.ts, OWASP "CSV injection"). Pure.
import { neutraliseFormula } from "@/lib/csv/neutralise";

export function neutraliseCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  return neutraliseFormula(value instanceof Date ? value.toISOString() : String(value));
}

function quote(text: string): string {
  return /[",\r\n]/.test(text) || text.startsWith(" ") || text.endsWith(" ") ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows of cells as CSV text (CRLF line ends), every cell neutralised. Numbers are written as is. */
export function toCsv(rows: unknown[][]): string {
  return rows.map((row) => row.map((cell) => (typeof cell === "number" ? String(cell) : quote(neutraliseCell(cell)))).join(",")).join("\r\n") + "\r\n";
}
