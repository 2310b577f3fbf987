import { banActions, banConsequences, banEvidence, banReplyDate } from "./ban-shared";
import { isParentBanned } from "./parent-banned";
import { accountRule } from "./rule";
import { BANNED_VERDICT } from "@/lib/diagnosis/verdict-strip";

/**
 * The account's own ban. A ban row inherited from the parent, or a BANNED status with
 * a banned parent, is the parent's ban and left to PARENT_BANNED. A BANNED status
 * without any ban row still counts: the status is what the platform enforces.
 */
export const accountBanned = accountRule("ACCOUNT_BANNED", (subject, _now, times) => {
  const { account, ban } = subject;
  const ownBan = ban !== null && ban.inheritedFromId === null ? ban : null;
  const statusOnly = ban === null && account.status === "BANNED" && !isParentBanned(subject);
  if (ownBan === null && !statusOnly) return null;

  const when = ownBan === null ? "on a date not on record" : `on ${times.at(ownBan.bannedAt)}`;
  const why = ownBan === null ? "no ban record was found, only the banned status" : `reason: ${ownBan.reason}`;
  return {
    code: "ACCOUNT_BANNED",
    severity: "blocking",
    title: `Account banned ${when}`,
    verdict: BANNED_VERDICT,
    explanation:
      `The account was banned ${when} (${why}). A ban is permanent: nobody can sign in, ` +
      `and the platform accepts no email or API requests from it.${banConsequences(subject)}`,
    evidence: banEvidence(subject, ownBan, "Banned", times),
    nextSteps: [
      "Do not send a password reset or username reminder: the account stays closed whatever the credentials.",
      ownBan?.banEmailRef
        ? `If the customer wants the decision reviewed, they reply to the ban email (${ownBan.banEmailRef}); support cannot reverse it.`
        : "If the customer wants the decision reviewed, they reply to the email that announced the ban; support cannot reverse it.",
    ],
    actions: banActions("The account is"),
    customerReply:
      `Your account was permanently closed${banReplyDate(ownBan, times)}, so it can no longer sign in or send email, ` +
      "and our support team is not able to reopen it. If you would like the decision looked at again, " +
      "please reply to the email we sent you about the closure.",
  };
});
