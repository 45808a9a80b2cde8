// Expertise tags: reviewers carry them, strata need them. One spelling for both sides, so that
// "Medical questions" typed in one place matches "medical_questions" in the other.

export function normaliseExpertiseTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, "_");
}

export function normaliseExpertiseTags(tags: readonly string[]): string[] {
  return [...new Set(tags.map(normaliseExpertiseTag).filter(Boolean))].sort();
}
