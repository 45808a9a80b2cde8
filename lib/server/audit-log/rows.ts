import "server-only";
import type { AuditLogRow } from "@/lib/audit-log/types";

type Entry = { id: string; createdAt: Date; actorLabel: string; action: string; summary: string; targetType: string | null; targetId: string | null; address: string | null };

/** Audit log entries as the table shows them (plain strings, so they cross to the client component). */
export function auditLogRows(entries: Entry[]): AuditLogRow[] {
  return entries.map((e) => ({
    id: e.id,
    createdAt: e.createdAt.toISOString().slice(0, 19).replace("T", " "),
    actorLabel: e.actorLabel,
    action: e.action,
    summary: e.summary,
    target: e.targetType ? `${e.targetType} ${e.targetId ?? ""}`.trim() : "",
    address: e.address ?? "",
  }));
}
