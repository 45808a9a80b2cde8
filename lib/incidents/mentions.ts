// @mentions in incident comments: "@ana" or "@ana@example.com" names a project member by the
// part of their email before the "@" or by their whole email. Pure.
export type Mentionable = { userId: string; email: string };

const MENTION = /(^|[^\w.@])@([A-Za-z0-9._%+-]+(?:@[A-Za-z0-9.-]+\.[A-Za-z]{2,})?)/g;

/** The members a comment mentions (each once, in order of first mention); unknown names are ignored. */
export function findMentions(comment: string, members: Mentionable[]): string[] {
  const byHandle = new Map<string, string>();
  for (const m of members) {
    const email = m.email.toLowerCase();
    byHandle.set(email, m.userId);
    const local = email.split("@")[0];
    if (!byHandle.has(local)) byHandle.set(local, m.userId);
  }
  const found: string[] = [];
  for (const match of comment.matchAll(MENTION)) {
    const handle = match[2].toLowerCase().replace(/\.+$/, "");
    const userId = byHandle.get(handle);
    if (userId && !found.includes(userId)) found.push(userId);
  }
  return found;
}
