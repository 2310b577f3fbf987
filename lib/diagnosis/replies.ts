// The reply an agent pastes must match what has happened: before the email a finding
// recommends is sent, the reply offers it; once it is sent, the reply confirms it with
// the time. Pure: the page passes the emails support sent for this customer.

import { UTC_TIME, type DiagnosisTimes } from "./time";
import type { ActionName, Finding } from "./types";

/** An email support sent (or queued) for this customer. */
export interface SentEmail {
  action: ActionName;
  /** When support sent it (queued it), UTC. */
  at: Date;
}

export interface ReplyText {
  text: string;
  /** Set when the reply confirms a sent email: that email's time. */
  sentAt: Date | null;
}

/**
 * The reply for a finding given the emails sent. Only an email sent after the
 * finding's earliest dated evidence counts (a reset sent months ago for another
 * problem confirms nothing about this one); the newest such email is the one quoted.
 */
export function replyFor(
  finding: Pick<Finding, "customerReply" | "sentReply" | "evidence">,
  sent: readonly SentEmail[],
  times: DiagnosisTimes = UTC_TIME,
): ReplyText {
  const after = finding.sentReply;
  if (after === null) return { text: finding.customerReply, sentAt: null };
  const since = finding.evidence.reduce<number | null>((min, e) => (e.at === null ? min : min === null ? e.at.getTime() : Math.min(min, e.at.getTime())), null);
  const matching = sent
    // No dated evidence: any email of that kind counts.
    .filter((e) => e.action === after.action && e.at.getTime() >= (since ?? 0))
    .sort((a, b) => b.at.getTime() - a.at.getTime())[0];
  if (matching === undefined) return { text: finding.customerReply, sentAt: null };
  return { text: `${after.opening} ${times.at(matching.at)}${after.rest}`, sentAt: matching.at };
}
