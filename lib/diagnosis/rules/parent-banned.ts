import { banActions, banConsequences, banEvidence, banReplyDate } from "./ban-shared";
import { accountRule } from "./rule";
import { parentBannedVerdict } from "@/lib/diagnosis/verdict-strip";
import type { AccountSubject } from "@/lib/diagnosis/types";

/** True when this account is banned because its parent account is. */
export function isParentBanned(subject: AccountSubject): boolean {
  const { parent, ban } = subject;
  if (ban !== null && ban.inheritedFromId !== null) return true;
  return parent !== null && (parent.ban !== null || parent.status === "BANNED");
}

/**
 * A subuser shares its parent's fate: when the parent is banned, the subuser is too,
 * even if the platform has not yet written the subuser's own ban row.
 */
export const parentBanned = accountRule("PARENT_BANNED", (subject, _now, times) => {
  if (!isParentBanned(subject)) return null;
  const { parent } = subject;
  // Prefer the parent's own ban row; fall back to the inherited row on the subuser.
  const ban = parent?.ban ?? subject.ban;
  const parentName = parent === null ? "its parent account" : `its parent account ${parent.username} (#${parent.id})`;
  const when = ban === null ? "" : ` on ${times.at(ban.bannedAt)}`;
  const why = ban === null ? "" : ` (reason: ${ban.reason})`;
  return {
    code: "PARENT_BANNED",
    severity: "blocking",
    title: `Banned with ${parentName}`,
    verdict: parentBannedVerdict(parent?.username ?? null),
    explanation:
      `This is a subuser, and ${parentName} was banned${when}${why}. Subusers are banned with their parent, ` +
      `permanently: it cannot sign in or send mail.${banConsequences(subject)}`,
    evidence: [
      ...(parent === null
        ? []
        : [{ label: `Parent account ${parent.username} (${parent.status.toLowerCase()})`, at: null, ref: { kind: "account" as const, id: parent.id } }]),
      ...banEvidence(subject, ban, "Parent banned", times),
    ],
    nextSteps: [
      "Do not send a password reset or username reminder: the subuser stays closed with its parent.",
      "Only the parent account's owner can ask for a review, by replying to the ban email; support cannot reverse it.",
    ],
    actions: banActions("Its parent account is"),
    customerReply:
      `Your account belongs to a parent account that was permanently closed${banReplyDate(ban, times)}, and accounts under it ` +
      "were closed with it. Our support team is not able to reopen them. The owner of the parent account can reply to " +
      "the email we sent them about the closure if they would like it reviewed.",
  };
});
