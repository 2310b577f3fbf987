// The one reply an agent pastes into the ticket (issue #21 item 2): the top finding's
// words plus what support has done, never claiming a send that did not happen. Pure, so
// the account page and the staff API compose the same text from the same facts.
//
// Customer-facing times are UTC: pass a diagnosis made with UTC_TIME (the agent's zone
// belongs on the label beside the reply, never in the customer's text).

import { formatUtc } from "./time";
import type { ActionName, Diagnosis, Finding, FindingCode } from "./types";

export type SendAction = Exclude<ActionName, "reactivate_account">;

/** The newest email support sent this customer, as the reply needs it. */
export interface LastSend {
  action: SendAction;
  /** When support sent (queued) it. */
  at: Date;
  status: "QUEUED" | "SENDING" | "SENT" | "FAILED";
  /** What became of its single-use link; null for an email without one (a username reminder). */
  link: { state: "open"; expiresAt: Date } | { state: "used" | "cancelled" | "expired" | "superseded" } | null;
}

export interface ComposedReply {
  text: string;
  /** The finding the reply starts from. */
  from: FindingCode;
  /** Set when the reply reports a send: that send's time. */
  sentAt: Date | null;
  /** The other findings' own wording, for "Other wording". */
  other: readonly { code: FindingCode; title: string; text: string }[];
}

const DONE: Record<SendAction, (at: string) => string> = {
  send_password_reset: (at) => `I have sent a password reset link to the email address on your account at ${at}.`,
  send_username_recovery: (at) => `I have sent a reminder of your username to the email address on your account at ${at}.`,
  resend_confirmation: (at) => `I have sent a new confirmation link to your email address at ${at}.`,
};

const OFFER: Record<SendAction, string> = {
  send_password_reset: "If that does not help, I can send a password reset link to the email address on your account; just let me know.",
  send_username_recovery: "I can send a reminder of your username to the email address on your account; just let me know.",
  resend_confirmation: "I can send you a new confirmation link; just let me know.",
};

/** A send older than the problem (a reset months ago) says nothing about it; a day back when the finding has no dates. */
const UNDATED_LOOKBACK_MS = 24 * 60 * 60 * 1000;

/** The problem began at the earliest dated evidence of any finding (a lock's refusals come after the wrong passwords). */
function problemSince(findings: readonly Finding[], now: Date): number {
  const dated = findings.flatMap((f) => f.evidence).flatMap((e) => (e.at === null || e.at.getTime() > now.getTime() ? [] : [e.at.getTime()]));
  return dated.length ? Math.min(...dated) : now.getTime() - UNDATED_LOOKBACK_MS;
}

/** A send the reply may report: not failed, made for this problem, its link not dead. */
function reportable(send: LastSend | null, findings: readonly Finding[], now: Date): send is LastSend {
  if (send === null || send.status === "FAILED") return false;
  if (send.at.getTime() < problemSince(findings, now)) return false;
  return send.link === null || send.link.state === "open" || send.link.state === "used";
}

function lifetime(send: LastSend, now: Date): string {
  if (send.link?.state !== "open" || send.link.expiresAt.getTime() <= now.getTime()) return "";
  const minutes = Math.round((send.link.expiresAt.getTime() - send.at.getTime()) / 60_000);
  return ` The link works once, for ${minutes} minutes (until ${formatUtc(send.link.expiresAt)}).`;
}

/**
 * The reply for a diagnosis (made with UTC_TIME) given the newest send. It starts from the
 * first finding not overruled; a send that fits that finding's own "sent" wording uses it,
 * any other reportable send is added as what was done, and an unsent fix the finding
 * recommends is offered when its wording does not already offer it.
 */
export function composeReply(diagnosis: Diagnosis, lastSend: LastSend | null, now: Date): ComposedReply {
  const top = diagnosis.findings.find((f) => f.overruledBy === null) ?? diagnosis.findings[0];
  if (top === undefined) return { text: diagnosis.customerReply, from: "NO_PROBLEM_FOUND", sentAt: null, other: [] };
  let text = top.customerReply;
  let sentAt: Date | null = null;
  if (reportable(lastSend, diagnosis.findings, now)) {
    const at = formatUtc(lastSend.at);
    sentAt = lastSend.at;
    text =
      top.sentReply !== null && top.sentReply.action === lastSend.action
        ? `${top.sentReply.opening} ${at}${top.sentReply.rest}`
        : `${top.customerReply} ${DONE[lastSend.action](at)}`;
    text += lifetime(lastSend, now);
  } else {
    const offered = (Object.keys(OFFER) as SendAction[]).find((name) => top.actions[name]?.allowed === true && diagnosis.actions[name].allowed);
    if (offered !== undefined && top.sentReply === null) text = `${top.customerReply} ${OFFER[offered]}`;
  }
  const other = diagnosis.findings
    .filter((f) => f !== top && f.code !== "NO_PROBLEM_FOUND" && f.customerReply !== text)
    .map((f) => ({ code: f.code, title: f.title, text: f.customerReply }));
  return { text, from: top.code, sentAt, other };
}
