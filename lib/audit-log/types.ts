/** One audit log entry as the table shows it: plain strings, so it can cross to a client component. */
export type AuditLogRow = { id: string; createdAt: string; actorLabel: string; action: string; summary: string; target: string; address: string };
