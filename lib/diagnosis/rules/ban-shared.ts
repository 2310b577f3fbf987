// Wording and evidence shared by the two ban rules (own ban, parent's ban): the
// consequences are the same, only the cause differs.

import { isFailure, plural } from "@/lib/diagnosis/facts";
import type { DiagnosisTimes } from "@/lib/diagnosis/time";
import type { AccountSubject, ActionName, ActionOpinion, BanFacts, EvidenceItem } from "@/lib/diagnosis/types";
import { attemptEvidence } from "./rule";

export const BAN_REACTIVATION_REFUSAL =
  "Banned accounts are closed permanently and support cannot reactivate them. " +
  "The customer may reply to the email that announced the ban to ask for a review.";

export function banActions(who: string): Partial<Record<ActionName, ActionOpinion>> {
  const noUse = `${who} banned: a new password or a username reminder cannot restore access.`;
  return {
    send_password_reset: { allowed: false, reason: noUse },
    send_username_recovery: { allowed: false, reason: noUse },
    reactivate_account: { allowed: false, reason: BAN_REACTIVATION_REFUSAL },
  };
}

export function banEvidence(subject: AccountSubject, ban: BanFacts | null, banLabel: string, times: DiagnosisTimes): EvidenceItem[] {
  const evidence: EvidenceItem[] = [];
  if (ban !== null) {
    const ref = ban.banEmailRef === null ? "no ban email on record" : `ban email ${ban.banEmailRef}`;
    evidence.push({
      label: `${banLabel} ${times.at(ban.bannedAt)}: ${ban.reason} (${ref})`,
      at: ban.bannedAt,
      ref: { kind: "ban", id: ban.id },
    });
  }
  for (const sub of subject.subusers) {
    evidence.push({
      label: `Subuser ${sub.username}: ${sub.status === "BANNED" ? "banned with it" : `still ${sub.status.toLowerCase()}`}`,
      at: null,
      ref: { kind: "subuser", id: sub.id },
    });
  }
  for (const ip of subject.dedicatedIps) {
    if (ip.removedAt === null) continue;
    const why = ip.removedReason === null ? "" : ` (${ip.removedReason})`;
    evidence.push({
      label: `Dedicated IP ${ip.address} removed ${times.at(ip.removedAt)}${why}`,
      at: ip.removedAt,
      ref: { kind: "dedicated_ip", id: ip.id },
    });
  }
  evidence.push(
    ...attemptEvidence(
      subject.loginAttempts.filter((a) => isFailure(a, ["BANNED"])),
      times,
    ),
  );
  return evidence;
}

/** "Its 2 subusers were banned with it; 1 dedicated IP was removed." */
export function banConsequences(subject: AccountSubject): string {
  const bannedSubs = subject.subusers.filter((s) => s.status === "BANNED").length;
  const removedIps = subject.dedicatedIps.filter((ip) => ip.removedAt !== null).length;
  const parts: string[] = [];
  if (subject.subusers.length > 0) parts.push(`${plural(bannedSubs, "subuser")} of ${subject.subusers.length} banned with it`);
  if (removedIps > 0) parts.push(`${plural(removedIps, "dedicated IP")} removed`);
  return parts.length === 0 ? "" : ` ${parts.join("; ")}.`;
}

export function banReplyDate(ban: BanFacts | null, times: DiagnosisTimes): string {
  return ban === null ? "" : ` on ${times.date(ban.bannedAt)}`;
}
