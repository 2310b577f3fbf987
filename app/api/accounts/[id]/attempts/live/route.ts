import { getSessionClaims, recheckSession, requireStaff } from "@/lib/auth/current-staff";
import { watchAttempts } from "@/lib/live/watch-attempts";

// Watch live: the account's new sign-in attempts as server-sent events (see lib/live).
export const dynamic = "force-dynamic";

export async function GET(request: Request, context?: { params: Promise<{ id: string }> }): Promise<Response> {
  const staff = await requireStaff("account.view", "route:/api/accounts/[id]/attempts/live");
  // The id from the route's params; the URL's own segment when called without them (tests).
  const id = context ? (await context.params).id : new URL(request.url).pathname.split("/").at(-3);
  const session = await getSessionClaims();
  // Re-checked with the session the stream was opened with, while it stays open.
  return watchAttempts(request, staff, id, { recheck: async () => (session ? recheckSession(session) : null) });
}
