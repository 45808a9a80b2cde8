// Picks a reviewer has made but not sent, kept in the tab's sessionStorage per assignment, so a
// reload (or a visit to another page and back) restores them on their own item. Pure over a
// Storage-like object; a storage that refuses writes (full, private mode) only loses the backup.
import type { LabelValues } from "./rubric";

export type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

const MAX_HISTORY = 50;

const draftKey = (projectSlug: string, assignmentId: string) => `assay:review:${projectSlug}:draft:${assignmentId}`;
const currentKey = (projectSlug: string) => `assay:review:${projectSlug}:current`;
const historyKey = (projectSlug: string) => `assay:review:${projectSlug}:history`;

function parse(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function write(storage: DraftStorage, key: string, value: string): boolean {
  try {
    storage.setItem(key, value);
    return true;
  } catch {
    return false;
  }
}

/** The unsent values of an assignment, or null when there are none (or they are unreadable). */
export function readDraft(storage: DraftStorage, projectSlug: string, assignmentId: string): LabelValues | null {
  const value = parse(storage.getItem(draftKey(projectSlug, assignmentId)));
  if (!value || typeof value !== "object" || Array.isArray(value) || Object.keys(value).length === 0) return null;
  return value as LabelValues;
}

/** Keeps the values (an empty set removes the draft); false when the storage refused. */
export function writeDraft(storage: DraftStorage, projectSlug: string, assignmentId: string, values: LabelValues): boolean {
  if (Object.keys(values).length === 0) {
    storage.removeItem(draftKey(projectSlug, assignmentId));
    return true;
  }
  return write(storage, draftKey(projectSlug, assignmentId), JSON.stringify(values));
}

export function clearDraft(storage: DraftStorage, projectSlug: string, assignmentId: string): void {
  storage.removeItem(draftKey(projectSlug, assignmentId));
}

/** The assignment that was on screen, to open it again first after a reload. */
export function readCurrentAssignment(storage: DraftStorage, projectSlug: string): string | null {
  const value = storage.getItem(currentKey(projectSlug));
  return value ? value : null;
}

export function writeCurrentAssignment(storage: DraftStorage, projectSlug: string, assignmentId: string | null): void {
  if (assignmentId === null) storage.removeItem(currentKey(projectSlug));
  else write(storage, currentKey(projectSlug), assignmentId);
}

/** Labels submitted in this tab, newest first: where "back to the item before" goes. */
export type SubmittedEntry = { labelId: string; externalId: string };

export function readHistory(storage: DraftStorage, projectSlug: string): SubmittedEntry[] {
  const value = parse(storage.getItem(historyKey(projectSlug)));
  if (!Array.isArray(value)) return [];
  return value.filter((e): e is SubmittedEntry => !!e && typeof e === "object" && typeof e.labelId === "string" && typeof e.externalId === "string");
}

/** Adds a submitted label at the front (once), keeping the newest MAX_HISTORY; returns the list. */
export function pushHistory(storage: DraftStorage, projectSlug: string, entry: SubmittedEntry): SubmittedEntry[] {
  const list = [entry, ...readHistory(storage, projectSlug).filter((e) => e.labelId !== entry.labelId)].slice(0, MAX_HISTORY);
  write(storage, historyKey(projectSlug), JSON.stringify(list));
  return list;
}
