// The canonical form of a dataset version (docs/datasets.md, "Canonical form"): what its SHA-256
// is taken over. One UTF-8 line per row, rows in output-id order, each line the row as JSON with
// object keys sorted by UTF-16 code units at every depth, no whitespace, numbers in ECMAScript's
// shortest round-trip form (integers without a decimal point, -0 as 0), each line ending in "\n".
import crypto from "node:crypto";

export function canonicalJson(value: unknown): string {
  if (value === null) return "null";
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "number":
      if (!Number.isFinite(value)) throw new TypeError("a canonical row holds finite numbers only");
      // Object.is(-0) prints "0" through String(), which is the shortest round-trip form.
      return String(value);
    case "object": {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record).filter((k) => record[k] !== undefined).sort(compareCodeUnits);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(",")}}`;
    }
    default:
      throw new TypeError(`a canonical row cannot hold a ${typeof value}`);
  }
}

/** Code-unit order, independent of locale and of the database's collation. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The order of rows: output ids by UTF-8 bytes, which is what PostgreSQL's COLLATE "C" sorts by
 * on both databases (code-point order; it differs from code-unit order only above U+FFFF).
 */
export function compareRowIds(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, "utf8"), Buffer.from(b, "utf8"));
}

export function canonicalLine(row: unknown): string {
  return `${canonicalJson(row)}\n`;
}

/** SHA-256 over canonical lines fed in order; hex digest. */
export class CanonicalHasher {
  private readonly hash = crypto.createHash("sha256");
  private rows = 0;

  addLine(line: string): void {
    this.hash.update(line, "utf8");
    this.rows++;
  }

  get rowCount(): number {
    return this.rows;
  }

  digest(): string {
    return this.hash.digest("hex");
  }
}

export function sha256OfLines(lines: Iterable<string>): string {
  const hasher = new CanonicalHasher();
  for (const line of lines) hasher.addLine(line);
  return hasher.digest();
}
