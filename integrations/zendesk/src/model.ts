// What the sidebar shows, as pure functions of the staff API's answers
// (docs/helpdesk.md#what-the-sidebar-sends-where): no DOM, no Zendesk, unit-tested.
// The shapes are the staff API's (/api/staff/v1/openapi.json), narrowed to what the
// sidebar reads; model.test.ts checks at type level that the API's own answer types
// (lib/validation/staff-api.ts) fit them.

import { timeFormatOrUtc } from "@/lib/time/zone-time";

export type Tone = "danger" | "warning" | "info" | "success" | "neutral";
export type RequesterRelation = "owner" | "teammate" | "subuser" | "other";
export type SendAction = "password_reset" | "username_reminder";
/** Every action the staff API names; the sidebar sends only the SendActions. */
export type ApiAction = SendAction | "confirmation_resend" | "reactivate_account";

export interface Match {
  kind: "account" | "signup";
  id: number;
  username: string;
  email: string;
  status: string;
  verdict: { tone: Tone; label: string };
  requesterRelation: RequesterRelation;
}

export interface SearchAnswer {
  query: string;
  matches: Match[];
}

export interface AccountAnswer {
  account: { id: number; username: string; email: string };
  verdict: { tone: Tone; label: string; sentence?: string };
  findings: { code: string; title: string }[];
  actions: { recommended: { action: ApiAction; label: string }[]; refused: { action: ApiAction; reason: string }[] };
  /** The live link's sentAt is null while its email is still queued. */
  warnings: { integrationsThatBreak: string[]; liveLink: { kind: string; sentAt: string | null; expiresAt: string } | null };
  reply: string;
}

/** How the ticket's requester relates to a match, and whether that proves they own it. */
export function relationText(relation: RequesterRelation): { text: string; verified: boolean } {
  switch (relation) {
    case "owner":
      return { text: "The requester's address is the owner's address on record.", verified: true };
    case "teammate":
      return { text: "Unverified: the requester's address is a teammate's, not the owner's.", verified: false };
    case "subuser":
      return { text: "Unverified: the requester's address is a subuser's, not this account's owner.", verified: false };
    case "other":
      return { text: "Unverified: this matched otherwise, not by the owner's address.", verified: false };
  }
}

const SEND_ACTIONS: Record<SendAction, { label: string; path: string }> = {
  password_reset: { label: "Send password reset", path: "password-reset" },
  username_reminder: { label: "Send username reminder", path: "username-reminder" },
};

export const isSendAction = (action: string): action is SendAction => action in SEND_ACTIONS;
export const sendLabel = (action: SendAction) => SEND_ACTIONS[action].label;
export const sendPath = (accountId: number, action: SendAction) => `/api/staff/v1/accounts/${accountId}/${SEND_ACTIONS[action].path}`;

/** The sends the sidebar offers: the ones the console recommends, in its order. */
export function offeredSends(answer: AccountAnswer): SendAction[] {
  return answer.actions.recommended.map((r) => r.action).filter(isSendAction);
}

/**
 * What the confirmation step says before a send, the same warnings the console's dialog
 * gives: where it goes, the integrations a new password breaks, the live link it cancels,
 * and the requester's relation when it is not the owner's address. Times are written as
 * the console writes them (lib/time/zone-time.ts), in `zone` (the agent's browser's) and
 * with its offset, never as the API's ISO strings.
 */
export function confirmationLines(action: SendAction, answer: AccountAnswer, relation: RequesterRelation, zone = "UTC"): string[] {
  const lines = [`It goes to ${answer.account.email}, the address on record, never to the ticket's requester.`];
  if (action === "password_reset") {
    const names = answer.warnings.integrationsThatBreak;
    if (names.length) lines.push(`A new password breaks these integrations until the customer updates them: ${names.join(", ")}.`);
    const live = answer.warnings.liveLink;
    if (live) {
      const time = timeFormatOrUtc(zone);
      const sent = live.sentAt ? `sent at ${time.at(new Date(live.sentAt))}` : "still waiting to be sent";
      lines.push(`The open link (${sent}, valid until ${time.at(new Date(live.expiresAt))}) stops working when this one is sent.`);
    }
  }
  const { text, verified } = relationText(relation);
  if (!verified) lines.push(`${text} Check that the requester owns this account before sending.`);
  return lines;
}

/** The console's page for a match, remembering the ticket (the console's deep link). */
export function consoleHref(origin: string, match: { kind: "account" | "signup"; id: number }, ticket: string): string {
  return `${origin}/${match.kind === "signup" ? "signups" : "accounts"}/${match.id}?ticket=${encodeURIComponent(ticket)}`;
}

/** The console's search for the requester, remembering the ticket. */
export function searchHref(origin: string, query: string, ticket: string): string {
  return `${origin}/?q=${encodeURIComponent(query)}&ticket=${encodeURIComponent(ticket)}`;
}

/** The staff API's error sentence, from whatever a failed proxy call answered. */
export function errorMessage(failure: unknown): string {
  const record = typeof failure === "object" && failure !== null ? (failure as Record<string, unknown>) : {};
  const body = record.responseJSON ?? (typeof record.responseText === "string" ? safeJson(record.responseText) : null);
  const error = typeof body === "object" && body !== null ? (body as { error?: { message?: unknown } }).error : undefined;
  return typeof error?.message === "string" ? error.message : "The console did not answer. Reload the ticket, and tell an admin if it keeps happening.";
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}
