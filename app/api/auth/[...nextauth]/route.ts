import { handlers } from "@/lib/server/auth/auth";
import { assertNotRateLimited, clientAddress } from "@/lib/server/auth/rate-limit";
import { errorResponse } from "@/lib/server/http/respond";

export const { GET } = handlers;

// A scripted password guesser posting to the credentials callback gets a plain 429 with
// Retry-After once over the limit (the sign-in form, through Auth.js, shows a message instead).
export async function POST(request: Request): Promise<Response> {
  if (new URL(request.url).pathname.endsWith("/callback/credentials")) {
    try {
      const form = await request.clone().formData().catch(() => null);
      const email = String(form?.get("email") ?? "").trim().toLowerCase();
      if (email) await assertNotRateLimited("signInAccount", email);
      await assertNotRateLimited("signInAddress", clientAddress(request.headers));
    } catch (error) {
      return errorResponse(error);
    }
  }
  return handlers.POST(request as Parameters<typeof handlers.POST>[0]);
}
