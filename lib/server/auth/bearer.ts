import "server-only";
import { authenticateApiKey } from "@/lib/server/projects/api-keys";
import type { ApiKeyActor } from "./actor";
import { clientAddress, recordRateLimitedFailure } from "./rate-limit";

/**
 * The API key behind an Authorization header, or null. Only failures are counted against the
 * client's address, so a valid key costs no extra query; guessing keys ends in a 429.
 */
export async function authenticateBearer(request: Request, header: string): Promise<ApiKeyActor | null> {
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  const actor = match ? await authenticateApiKey(match[1].trim()) : null;
  if (!actor) await recordRateLimitedFailure("apiKeyAddress", clientAddress(request.headers));
  return actor;
}
