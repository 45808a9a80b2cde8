// Statements that run on every review request are prepared once per database connection: after
// the first use PostgreSQL neither parses nor (once it settles on a generic plan) plans them
// again. On the embedded PGlite that halves the database time of submit + next (decision 008).
//
// Opt-in and keyed by the exact SQL text: Prisma hands raw SQL to the driver unchanged, so the
// pg client (client.ts) recognises a registered text and sends it as a named statement. Only
// constant texts are registered, so each connection holds a small, fixed set of statements.
// The registry lives on globalThis because the custom server and the Next.js bundle load their
// own copies of this module but share one connection pool.

const registry: Map<string, string> = ((globalThis as { __assayPreparedStatements?: Map<string, string> }).__assayPreparedStatements ??= new Map());

/** Registers `text` under `name` and returns the text, for use where the SQL constant is defined. */
import "server-only";
export function preparedStatement(name: string, text: string): string {
  for (const [registeredText, registeredName] of registry) {
    // A module evaluated twice registers the same pair again; a different text under the same
    // name would make the driver reject the second one at run time, so it is refused here.
    if (registeredName === name && registeredText !== text) throw new Error(`prepared statement name "${name}" is already used for another SQL text`);
  }
  registry.set(text, name);
  return text;
}

export function preparedStatementName(text: string): string | undefined {
  return registry.get(text);
}
