// What the account header offers (issue #21 items 1 and 3): the primary action fits the
// top finding (its own fix, or copying the reply when no send fixes it or the fix is
// already on its way), every other allowed send folds under "Other actions", marked when
// it is not for this problem, and a send that would cancel a live link or meet the hourly
// limit says so before the agent confirms. Pure: times and limits come in.

import type { LastSend, SendAction } from "./compose-reply";
import type { DiagnosisTimes } from "./time";
import type { Diagnosis } from "./types";
import { verdictStrip } from "./verdict-strip";

export interface PlannedSend {
  action: SendAction;
  /** False: "not for this problem" (another finding's fix, or none at all). */
  fits: boolean;
  /** Why, or when it would work ("works only once the lock ends at …"). */
  note: string | null;
}

export interface SendQuota {
  used: number;
  limit: number;
  /** At the limit: when the oldest send leaves the hour. */
  freesAt: Date | null;
}

export interface ActionPlan {
  primary: { kind: "send"; action: SendAction } | { kind: "copy_reply"; because: "sent" | "no_fix_to_send" };
  others: readonly PlannedSend[];
  /** Shown before a send of `action` that would cancel the open link of the last one. */
  cancelsLiveLink: { action: SendAction; text: string } | null;
  /** "2 of 3 this hour"; `disabledUntil` set at the limit. */
  quota: { text: string; disabledUntil: Date | null } | null;
}

const HOUR_MS = 60 * 60 * 1000;

/** How many of the hour's sends are used (`sentAt`: every send's time, any order) and, at the limit, when one frees. */
export function hourlyQuota(sentAt: readonly Date[], limit: number, now: Date): SendQuota {
  const within = sentAt
    .map((d) => d.getTime())
    .filter((t) => t > now.getTime() - HOUR_MS && t <= now.getTime())
    .sort((a, b) => a - b);
  const oldestBlocking = within.length >= limit ? within[within.length - limit] : undefined;
  return { used: within.length, limit, freesAt: oldestBlocking === undefined ? null : new Date(oldestBlocking + HOUR_MS) };
}

const LINK_WORD: Record<SendAction, string | null> = {
  send_password_reset: "A reset",
  resend_confirmation: "A confirmation link",
  send_username_recovery: null,
};

/** True when the last send is the fix itself and still on its way or usable. */
function isInFlight(send: LastSend | null, action: SendAction): boolean {
  if (send === null || send.action !== action || send.status === "FAILED") return false;
  return send.link === null || send.link.state === "open";
}

/**
 * `sends`: the sends that exist for this subject (an account has no confirmation to resend).
 * `times`: the agent's zone, for the labels (the header is the agent's, not the customer's).
 */
export function actionPlan(
  diagnosis: Diagnosis,
  sends: readonly SendAction[],
  lastSend: LastSend | null,
  quota: SendQuota | null,
  now: Date,
  times: DiagnosisTimes,
): ActionPlan {
  const top = diagnosis.findings[0];
  const stripAction = verdictStrip(diagnosis)?.action ?? null;
  const fix = stripAction !== null && stripAction !== "reactivate_account" && sends.includes(stripAction) ? stripAction : null;
  const sent = fix !== null && isInFlight(lastSend, fix);
  const primary: ActionPlan["primary"] =
    fix !== null && !sent ? { kind: "send", action: fix } : { kind: "copy_reply", because: sent ? "sent" : "no_fix_to_send" };
  // A lock refuses even the right password: whatever else is sent works only once it ends.
  const lockEnds = top?.code === "TEMPORARILY_LOCKED" ? (top.evidence.find((e) => e.ref.kind === "account")?.at ?? null) : null;
  const others = sends
    .filter((name) => diagnosis.actions[name].allowed && !(primary.kind === "send" && primary.action === name))
    .map((name): PlannedSend => {
      if (name === fix) return { action: name, fits: true, note: "Send again" };
      if (lockEnds !== null && lockEnds.getTime() > now.getTime())
        return { action: name, fits: false, note: `Works only once the lock ends at ${times.at(lockEnds)}` };
      return { action: name, fits: false, note: null };
    })
    .sort((a, b) => Number(b.fits) - Number(a.fits));
  const word = lastSend === null ? null : LINK_WORD[lastSend.action];
  const cancelsLiveLink =
    lastSend !== null && word !== null && lastSend.link?.state === "open" && lastSend.link.expiresAt.getTime() > now.getTime()
      ? {
          action: lastSend.action,
          text: `${word} was sent at ${times.at(lastSend.at)} and is open until ${times.at(lastSend.link.expiresAt)}; sending again cancels it.`,
        }
      : null;
  const quotaLine =
    quota === null
      ? null
      : quota.freesAt !== null
        ? { text: `${quota.used} of ${quota.limit} this hour: the next can be sent from ${times.at(quota.freesAt)}`, disabledUntil: quota.freesAt }
        : { text: `${quota.used} of ${quota.limit} this hour`, disabledUntil: null };
  return { primary, others, cancelsLiveLink, quota: quotaLine };
}
