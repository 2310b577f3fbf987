import "server-only";
// GET /api/accounts/<id>/emails/latest and /api/signups/<id>/emails/latest: the newest
// customer email support sent and what became of its link, so the account and sign-up
// pages follow a send (queued -> delivered -> link used, expired or cancelled) without a
// reload and without re-rendering the page, whose every load is an audited view and a
// dozen reads (issue #21 item 1). The route authenticates (requireStaff, account.view);
// the page load it serves was audited, and this answers only the state of an email that
// page already listed, so it writes no entry of its own. One indexed read
// (email_outbox (account_id, created_at desc) or (sign_up_id)).
import { getDb } from "@/lib/db/client";
import { listOutboxEmails } from "@/lib/data/outbox/list-outbox-emails";
import { accountId as accountIdSchema } from "@/lib/validation/common";
import { signUpId as signUpIdSchema } from "@/lib/validation/recovery";

const noStore = { "cache-control": "no-store" };

export async function latestEmailResponse(kind: "account" | "signup", rawId: string | undefined): Promise<Response> {
  const parsed = (kind === "account" ? accountIdSchema : signUpIdSchema).safeParse(rawId);
  if (!parsed.success) return new Response("Invalid id: expected a positive whole number.", { status: 400, headers: noStore });
  const [email] = await listOutboxEmails(getDb(), kind === "account" ? { accountId: parsed.data } : { signUpId: parsed.data }, 1);
  return Response.json({ email: email ?? null }, { headers: noStore });
}
