import { requireStaff } from "@/lib/auth/current-staff";
import { latestEmailResponse } from "@/lib/live/latest-email";

// The newest confirmation email's state, polled by the sign-up page's send status (lib/live/latest-email.ts).
export const dynamic = "force-dynamic";

export async function GET(request: Request, context?: { params: Promise<{ id: string }> }): Promise<Response> {
  await requireStaff("account.view", "route:/api/signups/[id]/emails/latest");
  const id = context ? (await context.params).id : new URL(request.url).pathname.split("/").at(-3);
  return latestEmailResponse("signup", id);
}
