// What the agent reads and what the customer is sent, word for word, one case per
// branch of each rule: the verdict on the strip, the title, the explanation, the
// evidence labels, the next steps, the reasons beside refused actions and the replies.
// A blanked sentence, a swapped "once"/"times" or a condition turned around changes
// one of these strings, so mutation testing holds the engine to them.
import { describe, expect, it } from "vitest";
import { diagnose } from "./diagnose";
import {
  NOW,
  account,
  accountFacts,
  apiKey,
  attempt,
  ban,
  billingWarning,
  credentialChange,
  daysAgo,
  failures,
  integration,
  invoice,
  minutesAgo,
  signUpFacts,
  success,
  teammate,
} from "./fixtures";
import type { Finding, FindingCode, SubjectFacts } from "./types";

interface View {
  verdict: string;
  severity: string;
  title: string;
  explanation: string;
  evidence: string[];
  nextSteps: readonly string[];
  actions: Record<string, string | null>;
  customerReply: string;
  sentReply: string | null;
}

function view(f: Finding): View {
  return {
    verdict: f.verdict,
    severity: f.severity,
    title: f.title,
    explanation: f.explanation,
    // The ref is where the evidence links to on the timeline.
    evidence: f.evidence.map((e) => `${e.label} → ${e.ref.kind}:${e.ref.id}`),
    nextSteps: f.nextSteps,
    actions: Object.fromEntries(Object.entries(f.actions).map(([name, o]) => [name, `${o.allowed ? "allowed" : "refused"}: ${o.reason ?? ""}`])),
    customerReply: f.customerReply,
    sentReply: f.sentReply === null ? null : `${f.sentReply.action}: ${f.sentReply.opening} … ${f.sentReply.rest}`,
  };
}

const owner = teammate({ id: 600, username: "acme", level: "OWNER" });
const alice = teammate({ id: 601, username: "alice" });
const bob = teammate({ id: 602, username: "bob", level: "RESTRICTED" });
const gone = teammate({ id: 603, username: "carol", deletedAt: daysAgo(20) });
const parentBan = ban({ id: 910, bannedAt: new Date("2026-11-05T08:30:00Z"), reason: "phishing", banEmailRef: "BAN-2026-0099" });

interface TextCase {
  name: string;
  facts: SubjectFacts;
  code: FindingCode;
  now?: Date;
}

const cases: TextCase[] = [
  {
    name: "own ban with subusers, removed IPs and refused sign-ins",
    code: "ACCOUNT_BANNED",
    facts: accountFacts({
      account: account({ status: "BANNED" }),
      ban: ban({ id: 11, bannedAt: new Date("2026-11-07T12:00:00Z") }),
      subusers: [
        { id: 2, username: "acme-eu", status: "BANNED" },
        { id: 3, username: "acme-us", status: "ACTIVE" },
      ],
      dedicatedIps: [
        { id: 5, address: "192.0.2.50", assignedAt: daysAgo(300), removedAt: daysAgo(3), removedReason: "ban" },
        { id: 6, address: "192.0.2.51", assignedAt: daysAgo(300), removedAt: daysAgo(3), removedReason: null },
        { id: 7, address: "192.0.2.52", assignedAt: daysAgo(300), removedAt: null, removedReason: null },
      ],
      loginAttempts: [attempt({ reason: "BANNED", occurredAt: minutesAgo(2) }), attempt({ reason: "WRONG_PASSWORD", occurredAt: minutesAgo(3) })],
    }),
  },
  {
    name: "banned status without a ban row",
    code: "ACCOUNT_BANNED",
    facts: accountFacts({ account: account({ status: "BANNED" }) }),
  },
  {
    name: "own ban without a ban email",
    code: "ACCOUNT_BANNED",
    facts: accountFacts({ ban: ban({ bannedAt: new Date("2026-11-07T12:00:00Z"), banEmailRef: null }) }),
  },
  {
    name: "subuser of a banned parent",
    code: "PARENT_BANNED",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", status: "BANNED", parentId: 1 }),
      parent: { id: 1, username: "acme", email: "ops@acme.test", status: "BANNED", ban: parentBan },
      ban: ban({ id: 911, inheritedFromId: parentBan.id, bannedAt: parentBan.bannedAt, reason: "parent banned" }),
    }),
  },
  {
    name: "inherited ban row without the parent's facts",
    code: "PARENT_BANNED",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", status: "BANNED", parentId: 1 }),
      ban: ban({ id: 912, inheritedFromId: 910, bannedAt: new Date("2026-11-05T08:30:00Z"), reason: "parent banned" }),
    }),
  },
  {
    name: "parent banned by status only",
    code: "PARENT_BANNED",
    facts: accountFacts({
      account: account({ id: 2, username: "acme-eu", parentId: 1 }),
      parent: { id: 1, username: "acme", email: "ops@acme.test", status: "BANNED", ban: null },
    }),
  },
  {
    name: "deleted on the platform",
    code: "ACCOUNT_DELETED",
    facts: accountFacts({ account: account({ deletedAt: new Date("2026-11-01T09:00:00Z") }) }),
  },
  {
    name: "terminated with two unpaid invoices and warnings",
    code: "TERMINATED_NONPAYMENT",
    facts: accountFacts({
      account: account({ status: "TERMINATED", terminatedAt: new Date("2026-10-27T03:00:00Z") }),
      invoices: [
        invoice({ id: 32, period: new Date("2026-09-01T00:00:00Z"), amountCents: 4500, dueAt: new Date("2026-10-08T00:00:00Z") }),
        invoice({ id: 31, period: new Date("2026-08-01T00:00:00Z"), amountCents: 8905, dueAt: new Date("2026-09-08T00:00:00Z") }),
        invoice({ id: 33, period: new Date("2026-10-01T00:00:00Z"), amountCents: 100 }),
      ],
      billingWarnings: [
        billingWarning({ id: 42, invoiceId: 32, kind: "FINAL_NOTICE", sentAt: new Date("2026-10-20T00:00:00Z") }),
        billingWarning({ id: 41, invoiceId: 31, kind: "PAYMENT_FAILED", sentAt: new Date("2026-09-02T00:00:00Z") }),
        billingWarning({ id: 43, invoiceId: 33, kind: "REMINDER", sentAt: new Date("2026-11-02T00:00:00Z") }),
        billingWarning({ id: 44, invoiceId: null, kind: "TERMINATION_NOTICE", sentAt: new Date("2026-10-27T03:00:00Z") }),
      ],
    }),
  },
  {
    name: "terminated without a date or an unpaid invoice",
    code: "TERMINATED_NONPAYMENT",
    facts: accountFacts({ account: account({ status: "TERMINATED" }) }),
  },
  {
    name: "at risk before the last week, warned about an invoice not yet due",
    code: "AT_RISK_NONPAYMENT",
    facts: accountFacts({
      invoices: [invoice({ id: 51, dueAt: daysAgo(-3) })],
      billingWarnings: [billingWarning({ id: 52, invoiceId: 51, kind: "REMINDER", sentAt: daysAgo(1) })],
    }),
  },
  {
    name: "at risk inside the last week",
    code: "AT_RISK_NONPAYMENT",
    now: new Date("2026-11-26T10:00:00Z"),
    facts: accountFacts({ invoices: [invoice({ id: 53 }), invoice({ id: 54, period: new Date("2026-09-01T00:00:00Z"), currency: "EUR", amountCents: 2000 })] }),
  },
  {
    name: "banned and owing",
    code: "UNPAID_BALANCE",
    facts: accountFacts({
      account: account({ status: "BANNED" }),
      ban: ban({ id: 12 }),
      invoices: [invoice({ id: 77, amountCents: 8995 }), invoice({ id: 78, period: new Date("2026-11-01T00:00:00Z"), amountCents: 5 })],
    }),
  },
  {
    name: "banned and owing one invoice",
    code: "UNPAID_BALANCE",
    facts: accountFacts({ account: account({ status: "BANNED" }), invoices: [invoice({ id: 79, amountCents: 100 })] }),
  },
  {
    name: "sign-up with a valid link",
    code: "SIGNUP_UNCONFIRMED",
    facts: signUpFacts({ confirmationsSent: 1 }),
  },
  {
    name: "sign-up whose link expired, no IP",
    code: "SIGNUP_UNCONFIRMED",
    facts: signUpFacts({ confirmationExpiresAt: NOW, ip: null }),
  },
  {
    name: "confirmed sign-up",
    code: "NO_PROBLEM_FOUND",
    facts: signUpFacts({ confirmedAt: daysAgo(1) }),
  },
  {
    name: "no problem, successes on every channel",
    code: "NO_PROBLEM_FOUND",
    facts: accountFacts({
      loginAttempts: [
        success({ occurredAt: daysAgo(3), ip: "198.51.100.1" }),
        success({ occurredAt: daysAgo(2), ip: "198.51.100.2" }),
        success({ channel: "SMTP", occurredAt: daysAgo(1), ip: "198.51.100.3" }),
        success({ channel: "API", usernameTried: null, apiKeyPrefix: "SG.ab12cd34", occurredAt: minutesAgo(5), ip: "198.51.100.4" }),
      ],
    }),
  },
  {
    name: "no problem, no success on record",
    code: "NO_PROBLEM_FOUND",
    facts: accountFacts({ loginAttempts: [] }),
  },
  {
    name: "unified login with local failures",
    code: "UNIFIED_LOGIN_REQUIRED",
    facts: accountFacts({
      account: account({ loginMethod: "UNIFIED_LOGIN", unifiedLoginId: "US123" }),
      loginAttempts: [
        attempt({ reason: "UNIFIED_LOGIN_REQUIRED", occurredAt: minutesAgo(5) }),
        attempt({ reason: "UNKNOWN_USERNAME", occurredAt: minutesAgo(50) }),
        attempt({ reason: "LOCKED", occurredAt: minutesAgo(55) }),
        attempt({ channel: "API", occurredAt: minutesAgo(56) }),
        success({ occurredAt: minutesAgo(60) }),
        attempt({ occurredAt: minutesAgo(70) }),
      ],
    }),
  },
  {
    name: "unified login with one local failure",
    code: "UNIFIED_LOGIN_REQUIRED",
    facts: accountFacts({ account: account({ loginMethod: "UNIFIED_LOGIN", unifiedLoginId: "US123" }), loginAttempts: failures(1) }),
  },
  {
    name: "unified login, quiet, id missing",
    code: "UNIFIED_LOGIN_REQUIRED",
    facts: accountFacts({ account: account({ loginMethod: "UNIFIED_LOGIN" }) }),
  },
  {
    name: "locked with refused attempts",
    code: "TEMPORARILY_LOCKED",
    facts: accountFacts({
      account: account({ lockedUntil: new Date(NOW.getTime() + 25 * 60_000) }),
      loginAttempts: [attempt({ reason: "LOCKED", occurredAt: minutesAgo(1) }), attempt({ reason: "LOCKED", occurredAt: daysAgo(31) }), ...failures(2)],
    }),
  },
  {
    name: "locked, no attempt hit the lock",
    code: "TEMPORARILY_LOCKED",
    facts: accountFacts({ account: account({ lockedUntil: new Date(NOW.getTime() + 3 * 3_600_000) }) }),
  },
  {
    name: "password changed by a teammate, others failing on two channels",
    code: "CREDENTIALS_CHANGED_BY_OTHER",
    facts: accountFacts({
      teammates: [owner, alice, bob],
      credentialChanges: [
        credentialChange({ id: 71, kind: "PASSWORD", teammateId: alice.id, actorLabel: "alice", detail: "from settings", occurredAt: daysAgo(1) }),
        credentialChange({ id: 72, kind: "EMAIL", teammateId: null, actorLabel: "account login", occurredAt: daysAgo(5) }),
        credentialChange({ id: 73, kind: "API_KEY_REVOKED", teammateId: null, actorLabel: "account login", occurredAt: daysAgo(2) }),
      ],
      loginAttempts: [
        ...failures(2, { teammateId: bob.id, usernameTried: "bob" }),
        ...failures(1, { channel: "SMTP", teammateId: null }, 200),
        attempt({ teammateId: alice.id, occurredAt: minutesAgo(1) }),
      ],
    }),
  },
  {
    name: "email changed through the shared login, from no known IP",
    code: "CREDENTIALS_CHANGED_BY_OTHER",
    facts: accountFacts({
      teammates: [owner, alice],
      credentialChanges: [credentialChange({ id: 74, kind: "EMAIL", ip: null, occurredAt: daysAgo(3) })],
      loginAttempts: failures(1, { reason: "UNKNOWN_USERNAME", teammateId: alice.id }),
    }),
  },
  {
    name: "one wrong password, no username, no success, no integration",
    code: "WRONG_PASSWORD",
    facts: accountFacts({ loginAttempts: failures(1, { usernameTried: null }) }),
  },
  {
    name: "wrong passwords from two IPs with two integrations",
    code: "WRONG_PASSWORD",
    facts: accountFacts({
      integrations: [integration({ name: "Prod mailer" }), integration({ kind: "LEGACY_API", name: "CRM sync" })],
      loginAttempts: [
        ...failures(2, { usernameTried: "acme" }),
        ...failures(1, { usernameTried: "ACME", ip: "198.51.100.20" }, 130),
        success({ occurredAt: daysAgo(2) }),
      ],
    }),
  },
  {
    name: "wrong password with one integration",
    code: "WRONG_PASSWORD",
    facts: accountFacts({ integrations: [integration({ name: "Prod mailer" })], loginAttempts: failures(2) }),
  },
  {
    name: "one unknown username, no username logged",
    code: "UNKNOWN_USERNAME",
    facts: accountFacts({ loginAttempts: [], unknownUsernameAttempts: failures(1, { reason: "UNKNOWN_USERNAME", usernameTried: null, ip: "198.51.100.30" }) }),
  },
  {
    name: "unknown usernames from the account's IP",
    code: "UNKNOWN_USERNAME",
    facts: accountFacts({
      unknownUsernameAttempts: [
        ...failures(2, { reason: "UNKNOWN_USERNAME", usernameTried: "acme-mail" }),
        ...failures(1, { reason: "UNKNOWN_USERNAME", usernameTried: "acme.mail", ip: "198.51.100.31" }, 150),
      ],
    }),
  },
  {
    name: "API: revoked key by the shared login, unknown prefix, active key",
    code: "API_CREDENTIALS_REJECTED",
    facts: accountFacts({
      apiKeys: [
        apiKey({ id: 81, prefix: "SG.old99999", name: "Old key", revokedAt: daysAgo(1), revokedById: null }),
        apiKey({ id: 82, prefix: "SG.ab12cd34", name: "Production", createdAt: new Date("2026-04-24T12:00:00Z") }),
      ],
      loginAttempts: [
        ...failures(2, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.old9" }),
        ...failures(1, { channel: "API", reason: "BAD_API_KEY", usernameTried: null, apiKeyPrefix: "SG.zz" }, 200),
        ...failures(1, { channel: "SMTP", reason: "BAD_API_KEY", usernameTried: "apikey", apiKeyPrefix: "SG.ab12cd34x" }, 300),
      ],
    }),
  },
  {
    name: "API: a deleted teammate's user and an integration",
    code: "API_CREDENTIALS_REJECTED",
    facts: accountFacts({
      teammates: [owner, gone],
      integrations: [integration({ id: 91, kind: "LEGACY_API", name: "CRM sync", apiUser: "crm", lastUsedAt: daysAgo(4) })],
      loginAttempts: [
        ...failures(1, { channel: "SMTP", reason: "WRONG_PASSWORD", usernameTried: "Carol" }),
        ...failures(1, { channel: "API", reason: "WRONG_PASSWORD", usernameTried: "CRM" }, 100),
        success({ channel: "SMTP", usernameTried: "acme", occurredAt: daysAgo(3) }),
      ],
    }),
  },
  {
    name: "API: the account's own user with a bad key, a stranger, and nothing to match",
    code: "API_CREDENTIALS_REJECTED",
    facts: accountFacts({
      loginAttempts: [
        ...failures(1, { channel: "SMTP", reason: "BAD_API_KEY", usernameTried: "acme" }),
        ...failures(1, { channel: "SMTP", reason: "UNKNOWN_USERNAME", usernameTried: "acme" }, 100),
        ...failures(1, { channel: "API", reason: "BAD_API_KEY", usernameTried: null }, 200),
      ],
      unknownUsernameAttempts: failures(1, { channel: "SMTP", reason: "UNKNOWN_USERNAME", usernameTried: "zed" }, 300),
    }),
  },
];

const EXPECTED: Record<string, View> = {
  "own ban with subusers, removed IPs and refused sign-ins": {
    verdict: "Banned",
    severity: "blocking",
    title: "Account banned on 2026-11-07 12:00 UTC",
    explanation:
      "The account was banned on 2026-11-07 12:00 UTC (reason: spam complaints). A ban is permanent: nobody can sign in, and the platform accepts no email or API requests from it. 1 subuser of 2 banned with it; 2 dedicated IPs removed.",
    evidence: [
      "Banned 2026-11-07 12:00 UTC: spam complaints (ban email BAN-2026-0042) → ban:11",
      "Subuser acme-eu: banned with it → subuser:2",
      "Subuser acme-us: still active → subuser:3",
      "Dedicated IP 192.0.2.50 removed 2026-11-07 12:00 UTC (ban) → dedicated_ip:5",
      "Dedicated IP 192.0.2.51 removed 2026-11-07 12:00 UTC → dedicated_ip:6",
      '2026-11-10 11:58 UTC · web · account banned · username "acme" · from 203.0.113.9 → login_attempt:7',
    ],
    nextSteps: [
      "Do not send a password reset or username reminder: the account stays closed whatever the credentials.",
      "If the customer wants the decision reviewed, they reply to the ban email (BAN-2026-0042); support cannot reverse it.",
    ],
    actions: {
      send_password_reset: "refused: The account is banned: a new password or a username reminder cannot restore access.",
      send_username_recovery: "refused: The account is banned: a new password or a username reminder cannot restore access.",
      reactivate_account:
        "refused: Banned accounts are closed permanently and support cannot reactivate them. The customer may reply to the email that announced the ban to ask for a review.",
    },
    customerReply:
      "Your account was permanently closed on 2026-11-07, so it can no longer sign in or send email, and our support team is not able to reopen it. If you would like the decision looked at again, please reply to the email we sent you about the closure.",
    sentReply: null,
  },
  "banned status without a ban row": {
    verdict: "Banned",
    severity: "blocking",
    title: "Account banned on a date not on record",
    explanation:
      "The account was banned on a date not on record (no ban record was found, only the banned status). A ban is permanent: nobody can sign in, and the platform accepts no email or API requests from it.",
    evidence: [],
    nextSteps: [
      "Do not send a password reset or username reminder: the account stays closed whatever the credentials.",
      "If the customer wants the decision reviewed, they reply to the email that announced the ban; support cannot reverse it.",
    ],
    actions: {
      send_password_reset: "refused: The account is banned: a new password or a username reminder cannot restore access.",
      send_username_recovery: "refused: The account is banned: a new password or a username reminder cannot restore access.",
      reactivate_account:
        "refused: Banned accounts are closed permanently and support cannot reactivate them. The customer may reply to the email that announced the ban to ask for a review.",
    },
    customerReply:
      "Your account was permanently closed, so it can no longer sign in or send email, and our support team is not able to reopen it. If you would like the decision looked at again, please reply to the email we sent you about the closure.",
    sentReply: null,
  },
  "own ban without a ban email": {
    verdict: "Banned",
    severity: "blocking",
    title: "Account banned on 2026-11-07 12:00 UTC",
    explanation:
      "The account was banned on 2026-11-07 12:00 UTC (reason: spam complaints). A ban is permanent: nobody can sign in, and the platform accepts no email or API requests from it.",
    evidence: ["Banned 2026-11-07 12:00 UTC: spam complaints (no ban email on record) → ban:13"],
    nextSteps: [
      "Do not send a password reset or username reminder: the account stays closed whatever the credentials.",
      "If the customer wants the decision reviewed, they reply to the email that announced the ban; support cannot reverse it.",
    ],
    actions: {
      send_password_reset: "refused: The account is banned: a new password or a username reminder cannot restore access.",
      send_username_recovery: "refused: The account is banned: a new password or a username reminder cannot restore access.",
      reactivate_account:
        "refused: Banned accounts are closed permanently and support cannot reactivate them. The customer may reply to the email that announced the ban to ask for a review.",
    },
    customerReply:
      "Your account was permanently closed on 2026-11-07, so it can no longer sign in or send email, and our support team is not able to reopen it. If you would like the decision looked at again, please reply to the email we sent you about the closure.",
    sentReply: null,
  },
  "subuser of a banned parent": {
    verdict: "Banned with parent acme",
    severity: "blocking",
    title: "Banned with its parent account acme (#1)",
    explanation:
      "This is a subuser, and its parent account acme (#1) was banned on 2026-11-05 08:30 UTC (reason: phishing). Subusers are banned with their parent, permanently: it cannot sign in or send mail.",
    evidence: ["Parent account acme (banned) → account:1", "Parent banned 2026-11-05 08:30 UTC: phishing (ban email BAN-2026-0099) → ban:910"],
    nextSteps: [
      "Do not send a password reset or username reminder: the subuser stays closed with its parent.",
      "Only the parent account's owner can ask for a review, by replying to the ban email; support cannot reverse it.",
    ],
    actions: {
      send_password_reset: "refused: Its parent account is banned: a new password or a username reminder cannot restore access.",
      send_username_recovery: "refused: Its parent account is banned: a new password or a username reminder cannot restore access.",
      reactivate_account:
        "refused: Banned accounts are closed permanently and support cannot reactivate them. The customer may reply to the email that announced the ban to ask for a review.",
    },
    customerReply:
      "Your account belongs to a parent account that was permanently closed on 2026-11-05, and accounts under it were closed with it. Our support team is not able to reopen them. The owner of the parent account can reply to the email we sent them about the closure if they would like it reviewed.",
    sentReply: null,
  },
  "inherited ban row without the parent's facts": {
    verdict: "Banned with its parent account",
    severity: "blocking",
    title: "Banned with its parent account",
    explanation:
      "This is a subuser, and its parent account was banned on 2026-11-05 08:30 UTC (reason: parent banned). Subusers are banned with their parent, permanently: it cannot sign in or send mail.",
    evidence: ["Parent banned 2026-11-05 08:30 UTC: parent banned (ban email BAN-2026-0042) → ban:912"],
    nextSteps: [
      "Do not send a password reset or username reminder: the subuser stays closed with its parent.",
      "Only the parent account's owner can ask for a review, by replying to the ban email; support cannot reverse it.",
    ],
    actions: {
      send_password_reset: "refused: Its parent account is banned: a new password or a username reminder cannot restore access.",
      send_username_recovery: "refused: Its parent account is banned: a new password or a username reminder cannot restore access.",
      reactivate_account:
        "refused: Banned accounts are closed permanently and support cannot reactivate them. The customer may reply to the email that announced the ban to ask for a review.",
    },
    customerReply:
      "Your account belongs to a parent account that was permanently closed on 2026-11-05, and accounts under it were closed with it. Our support team is not able to reopen them. The owner of the parent account can reply to the email we sent them about the closure if they would like it reviewed.",
    sentReply: null,
  },
  "parent banned by status only": {
    verdict: "Banned with parent acme",
    severity: "blocking",
    title: "Banned with its parent account acme (#1)",
    explanation:
      "This is a subuser, and its parent account acme (#1) was banned. Subusers are banned with their parent, permanently: it cannot sign in or send mail.",
    evidence: ["Parent account acme (banned) → account:1"],
    nextSteps: [
      "Do not send a password reset or username reminder: the subuser stays closed with its parent.",
      "Only the parent account's owner can ask for a review, by replying to the ban email; support cannot reverse it.",
    ],
    actions: {
      send_password_reset: "refused: Its parent account is banned: a new password or a username reminder cannot restore access.",
      send_username_recovery: "refused: Its parent account is banned: a new password or a username reminder cannot restore access.",
      reactivate_account:
        "refused: Banned accounts are closed permanently and support cannot reactivate them. The customer may reply to the email that announced the ban to ask for a review.",
    },
    customerReply:
      "Your account belongs to a parent account that was permanently closed, and accounts under it were closed with it. Our support team is not able to reopen them. The owner of the parent account can reply to the email we sent them about the closure if they would like it reviewed.",
    sentReply: null,
  },
  "deleted on the platform": {
    verdict: "Deleted on the platform",
    severity: "blocking",
    title: "Deleted on the platform on 2026-11-01 09:00 UTC",
    explanation:
      "The platform reported the account deleted on 2026-11-01 09:00 UTC. It no longer exists there: no sign-in, no email and no API request can use it, and the console keeps its history only for reference.",
    evidence: ["Account deleted on 2026-11-01 09:00 UTC → account:1"],
    nextSteps: [
      "Do not send a password reset or username reminder: there is no account left to sign in to.",
      "If the customer did not ask for the deletion, hand the ticket to the platform team with the date above; the customer can sign up again meanwhile.",
    ],
    actions: {
      send_password_reset:
        "refused: The platform deleted this account: it no longer exists there, so a new password or a username reminder cannot get anyone in.",
      send_username_recovery:
        "refused: The platform deleted this account: it no longer exists there, so a new password or a username reminder cannot get anyone in.",
      reactivate_account: "refused: Deleted on the platform: the console cannot bring an account back; the platform team can say whether it is recoverable.",
    },
    customerReply:
      "Your account was deleted on 2026-11-01, so it can no longer sign in or send email. If you did not ask for this, reply and we will look into it with our platform team; you are also welcome to sign up again.",
    sentReply: null,
  },
  "terminated with two unpaid invoices and warnings": {
    verdict: "Terminated for non-payment",
    severity: "blocking",
    title: "Terminated on 2026-10-27 03:00 UTC for an unpaid balance of 134.05 USD",
    explanation:
      "Billing terminated the account on 2026-10-27 03:00 UTC. A terminated account cannot sign in or send mail. Unpaid: August 2026 (89.05 USD, due 2026-09-08), September 2026 (45.00 USD, due 2026-10-08), 134.05 USD in all; 3 warning emails sent (payment failed 2026-09-02, final notice 2026-10-20, termination notice 2026-10-27).",
    evidence: [
      "Account terminated on 2026-10-27 03:00 UTC → account:1",
      "Invoice August 2026: 89.05 USD, issued 2026-11-01, due 2026-09-08, unpaid → invoice:31",
      "Invoice September 2026: 45.00 USD, issued 2026-11-01, due 2026-10-08, unpaid → invoice:32",
      'Billing email "payment failed" sent to ops@acme.test at 2026-09-02 00:00 UTC → billing_warning:41',
      'Billing email "final notice" sent to ops@acme.test at 2026-10-20 00:00 UTC → billing_warning:42',
      'Billing email "termination notice" sent to ops@acme.test at 2026-10-27 03:00 UTC → billing_warning:44',
    ],
    nextSteps: [
      "Hand the ticket to billing support: once the balance is settled they can restore the account.",
      "Do not send a password reset or username reminder: they would not help while the account is terminated.",
    ],
    actions: {
      send_password_reset:
        "refused: The account is terminated for non-payment: neither a new password nor a username reminder gets the customer in. Billing support handles it.",
      send_username_recovery:
        "refused: The account is terminated for non-payment: neither a new password nor a username reminder gets the customer in. Billing support handles it.",
      reactivate_account: "refused: Terminated for non-payment: billing support restores the account once the balance is paid; it is not a console action.",
    },
    customerReply:
      "Your account was closed on 2026-10-27 because 134.05 USD remained unpaid. While it is closed it cannot sign in or send email. I am passing your ticket to our billing team, who can help you settle the balance and get the account back.",
    sentReply: null,
  },
  "terminated without a date or an unpaid invoice": {
    verdict: "Terminated for non-payment",
    severity: "blocking",
    title: "Terminated on a date not on record",
    explanation:
      "Billing terminated the account on a date not on record. A terminated account cannot sign in or send mail. No unpaid invoice is on record, which is unusual: ask billing support to confirm the cause.",
    evidence: ["Account terminated on a date not on record → account:1"],
    nextSteps: [
      "Hand the ticket to billing support: once the balance is settled they can restore the account.",
      "Do not send a password reset or username reminder: they would not help while the account is terminated.",
    ],
    actions: {
      send_password_reset:
        "refused: The account is terminated for non-payment: neither a new password nor a username reminder gets the customer in. Billing support handles it.",
      send_username_recovery:
        "refused: The account is terminated for non-payment: neither a new password nor a username reminder gets the customer in. Billing support handles it.",
      reactivate_account: "refused: Terminated for non-payment: billing support restores the account once the balance is paid; it is not a console action.",
    },
    customerReply:
      "Your account was closed by our billing team. While it is closed it cannot sign in or send email. I am passing your ticket to our billing team, who can help you settle the balance and get the account back.",
    sentReply: null,
  },
  "at risk before the last week, warned about an invoice not yet due": {
    verdict: "Can sign in · at risk: 89.00 USD unpaid",
    severity: "informational",
    title: "At risk: 89.00 USD unpaid; termination between 2026-11-24 and 2026-11-30 unless paid",
    explanation:
      "Unpaid from a previous bill run: October 2026 (89.00 USD, due 2026-11-13); 1 warning email sent (reminder 2026-11-09). Unless it is paid, billing will terminate the account between 2026-11-24 and 2026-11-30 (the last week of this month, UTC); it can still sign in until then.",
    evidence: [
      "Invoice October 2026: 89.00 USD, issued 2026-11-01, due 2026-11-13, unpaid → invoice:51",
      'Billing email "reminder" sent to ops@acme.test at 2026-11-09 12:00 UTC → billing_warning:52',
    ],
    nextSteps: [
      "Tell the customer the balance (89.00 USD) and the date: paying before 2026-11-24 avoids termination.",
      "If their payment keeps failing, hand the ticket to billing support.",
    ],
    actions: {},
    customerReply:
      "A balance of 89.00 USD from a previous invoice is still unpaid. To keep your account open, please settle it before 2026-11-24; if your payment is not going through, our billing team can help.",
    sentReply: null,
  },
  "at risk inside the last week": {
    verdict: "Can sign in · at risk: 20.00 EUR + 89.00 USD unpaid",
    severity: "informational",
    title: "At risk: 20.00 EUR + 89.00 USD unpaid; termination between 2026-11-26 and 2026-11-30 unless paid",
    explanation:
      "Unpaid from a previous bill run: September 2026 (20.00 EUR, due 2026-11-08), October 2026 (89.00 USD, due 2026-11-08); no warning emails on record. Unless it is paid, billing will terminate the account any day from now until 2026-11-30 (the last week of this month, UTC); it can still sign in until then.",
    evidence: [
      "Invoice September 2026: 20.00 EUR, issued 2026-11-01, due 2026-11-08, unpaid → invoice:54",
      "Invoice October 2026: 89.00 USD, issued 2026-11-01, due 2026-11-08, unpaid → invoice:53",
    ],
    nextSteps: [
      "Tell the customer the balance (20.00 EUR + 89.00 USD) and the date: paying as soon as possible avoids termination.",
      "If their payment keeps failing, hand the ticket to billing support.",
    ],
    actions: {},
    customerReply:
      "A balance of 20.00 EUR + 89.00 USD from a previous invoice is still unpaid. To keep your account open, please settle it as soon as possible; if your payment is not going through, our billing team can help.",
    sentReply: null,
  },
  "banned and owing": {
    verdict: "Unpaid balance 90.00 USD",
    severity: "informational",
    title: "Unpaid balance of 90.00 USD on the banned account",
    explanation:
      "Besides the ban, October 2026 (89.95 USD, due 2026-11-08), November 2026 (0.05 USD, due 2026-11-08) are unpaid; no warning emails on record. It does not change what the customer can do (the ban does), but it matters if they ask about a refund, a bill or their balance.",
    evidence: [
      "Invoice October 2026: 89.95 USD, issued 2026-11-01, due 2026-11-08, unpaid → invoice:77",
      "Invoice November 2026: 0.05 USD, issued 2026-11-01, due 2026-11-08, unpaid → invoice:78",
    ],
    nextSteps: ["If the customer asks about the balance, a bill or a refund, hand that part of the ticket to billing support."],
    actions: {},
    customerReply:
      "Our records also show an unpaid balance of 90.00 USD on the account. For any question about that balance or a refund, our billing team will help; I can pass your ticket to them.",
    sentReply: null,
  },
  "banned and owing one invoice": {
    verdict: "Unpaid balance 1.00 USD",
    severity: "informational",
    title: "Unpaid balance of 1.00 USD on the banned account",
    explanation:
      "Besides the ban, October 2026 (1.00 USD, due 2026-11-08) is unpaid; no warning emails on record. It does not change what the customer can do (the ban does), but it matters if they ask about a refund, a bill or their balance.",
    evidence: ["Invoice October 2026: 1.00 USD, issued 2026-11-01, due 2026-11-08, unpaid → invoice:79"],
    nextSteps: ["If the customer asks about the balance, a bill or a refund, hand that part of the ticket to billing support."],
    actions: {},
    customerReply:
      "Our records also show an unpaid balance of 1.00 USD on the account. For any question about that balance or a refund, our billing team will help; I can pass your ticket to them.",
    sentReply: null,
  },
  "sign-up with a valid link": {
    verdict: "Email not confirmed · no account yet",
    severity: "blocking",
    title: "No account yet: sign-up pending since 2026-11-08 12:00 UTC",
    explanation:
      '"newco" (hello@newco.test) signed up on 2026-11-08 12:00 UTC but never confirmed the email, so no account was created and there is nothing to sign in to. 1 confirmation email sent, the last at 2026-11-09 12:00 UTC; the latest link is valid until 2026-11-11 12:00 UTC.',
    evidence: ["Sign-up newco <hello@newco.test> from 192.0.2.10 → signup:77"],
    nextSteps: [
      "Resend the confirmation email to hello@newco.test; the account is created when the customer follows the new link.",
      "Ask them to check spam or quarantine folders if earlier emails never arrived.",
      "If they sign in through Twilio and confirmed this email there, they do not need to confirm it again: look for their account instead.",
    ],
    actions: {
      resend_confirmation: "allowed: Following the link creates the account.",
      send_password_reset: "refused: There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.",
      send_username_recovery: "refused: There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.",
    },
    customerReply:
      "Your sign-up is not complete yet: the account is only created once you click the link in the confirmation email. I can send a new confirmation email to hello@newco.test now; please let me know if you would like one, and check your spam folder for the earlier ones in the meantime.",
    sentReply:
      "resend_confirmation: Your sign-up is not complete yet: the account is only created once you click the link in the confirmation email. I sent a new confirmation email to hello@newco.test at … . Please open it and follow the link soon, and check your spam folder if you do not see it.",
  },
  "sign-up whose link expired, no IP": {
    verdict: "Email not confirmed · no account yet",
    severity: "blocking",
    title: "No account yet: sign-up pending since 2026-11-08 12:00 UTC",
    explanation:
      '"newco" (hello@newco.test) signed up on 2026-11-08 12:00 UTC but never confirmed the email, so no account was created and there is nothing to sign in to. 2 confirmation emails sent, the last at 2026-11-09 12:00 UTC; the latest link expired at 2026-11-10 12:00 UTC.',
    evidence: ["Sign-up newco <hello@newco.test> → signup:77"],
    nextSteps: [
      "Resend the confirmation email to hello@newco.test; the account is created when the customer follows the new link.",
      "Ask them to check spam or quarantine folders if earlier emails never arrived.",
      "If they sign in through Twilio and confirmed this email there, they do not need to confirm it again: look for their account instead.",
    ],
    actions: {
      resend_confirmation: "allowed: Following the link creates the account.",
      send_password_reset: "refused: There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.",
      send_username_recovery: "refused: There is no account yet: the sign-up was never confirmed. Resend the confirmation email instead.",
    },
    customerReply:
      "Your sign-up is not complete yet: the account is only created once you click the link in the confirmation email. I can send a new confirmation email to hello@newco.test now; please let me know if you would like one, and check your spam folder for the earlier ones in the meantime.",
    sentReply:
      "resend_confirmation: Your sign-up is not complete yet: the account is only created once you click the link in the confirmation email. I sent a new confirmation email to hello@newco.test at … . Please open it and follow the link soon, and check your spam folder if you do not see it.",
  },
  "confirmed sign-up": {
    verdict: "Sign-up confirmed",
    severity: "informational",
    title: "Sign-up confirmed: look up the account",
    explanation: 'The sign-up "newco" was confirmed on 2026-11-09 12:00 UTC, so an account should exist. Search for it by username or email to diagnose it.',
    evidence: ["Sign-up newco <hello@newco.test> → signup:77"],
    nextSteps: [
      'Search for "newco" or hello@newco.test and open the account.',
      "Confirm the customer is signing in to the right account (username and email on record), not a teammate's or another company's.",
      "Ask for the exact error message and the time of the attempt, then look for it in the timeline.",
      "Check Caps Lock and keyboard layout, and suggest a private browser window or clearing this site's cookies.",
      "Ask whether they sign in through single sign-on or Twilio rather than a password.",
    ],
    actions: {},
    customerReply: "Thanks for getting in touch. I am checking your account now and will come back to you shortly.",
    sentReply: null,
  },
  "no problem, successes on every channel": {
    verdict: "No problem found",
    severity: "informational",
    title: "No account-side problem found",
    explanation:
      'The account "acme" is active, not locked, and no recent failures point to a cause. Last successes: web 2026-11-08 12:00 UTC; API 2026-11-10 11:55 UTC; SMTP 2026-11-09 12:00 UTC.',
    evidence: [
      "Last successful web sign-in from 198.51.100.2 → login_attempt:54",
      "Last successful API sign-in from 198.51.100.4 → login_attempt:56",
      "Last successful SMTP sign-in from 198.51.100.3 → login_attempt:55",
    ],
    nextSteps: [
      "Confirm the customer is signing in to the right account (username and email on record), not a teammate's or another company's.",
      "Ask for the exact error message and the time of the attempt, then look for it in the timeline.",
      "Check Caps Lock and keyboard layout, and suggest a private browser window or clearing this site's cookies.",
      "Ask whether they sign in through single sign-on or Twilio rather than a password.",
    ],
    actions: {},
    customerReply:
      'I have checked your account and see nothing on our side that would stop you signing in. Could you send me the exact message you see and roughly when you tried? Meanwhile, please check Caps Lock, try a private browser window, and make sure you are using the username "acme".',
    sentReply: null,
  },
  "no problem, no success on record": {
    verdict: "No problem found",
    severity: "informational",
    title: "No account-side problem found",
    explanation: 'The account "acme" is active, not locked, and no recent failures point to a cause. No successful sign-in in the recent records.',
    evidence: [],
    nextSteps: [
      "Confirm the customer is signing in to the right account (username and email on record), not a teammate's or another company's.",
      "Ask for the exact error message and the time of the attempt, then look for it in the timeline.",
      "Check Caps Lock and keyboard layout, and suggest a private browser window or clearing this site's cookies.",
      "Ask whether they sign in through single sign-on or Twilio rather than a password.",
    ],
    actions: {},
    customerReply:
      'I have checked your account and see nothing on our side that would stop you signing in. Could you send me the exact message you see and roughly when you tried? Meanwhile, please check Caps Lock, try a private browser window, and make sure you are using the username "acme".',
    sentReply: null,
  },
  "unified login with local failures": {
    verdict: "Must sign in with Twilio",
    severity: "blocking",
    title: "Must sign in with Twilio: 2 local sign-ins failed",
    explanation:
      "This account uses unified login (Twilio user US123): the customer signs in with the Twilio email and password, not a password of this platform. An email already confirmed with Twilio needs no second confirmation here. 2 sign-ins with local credentials failed since 2026-11-10 11:10 UTC (web); last at 2026-11-10 11:55 UTC.",
    evidence: [
      "Login method: unified login (Twilio) → account:1",
      '2026-11-10 11:55 UTC · web · must sign in through Twilio · username "acme" · from 203.0.113.9 → login_attempt:61',
      '2026-11-10 11:10 UTC · web · unknown username · username "acme" · from 203.0.113.9 → login_attempt:62',
    ],
    nextSteps: [
      'Tell the customer to use "Sign in with Twilio" and their Twilio credentials.',
      "If they forgot those, they reset them with Twilio; this console cannot.",
    ],
    actions: {
      send_password_reset:
        "refused: This account signs in with its Twilio credentials, so a password or username kept here is not used. The customer recovers access through Twilio's own sign-in recovery.",
      send_username_recovery:
        "refused: This account signs in with its Twilio credentials, so a password or username kept here is not used. The customer recovers access through Twilio's own sign-in recovery.",
      resend_confirmation: "refused: The email was confirmed through Twilio; no second confirmation is needed.",
    },
    customerReply:
      'Your account is set up to sign in with your Twilio account. Please choose "Sign in with Twilio" and use your Twilio email and password. If you no longer know that password, you can reset it from Twilio\'s sign-in page. Your email is already confirmed there, so there is nothing to confirm again here.',
    sentReply: null,
  },
  "unified login with one local failure": {
    verdict: "Must sign in with Twilio",
    severity: "blocking",
    title: "Must sign in with Twilio: 1 local sign-in failed",
    explanation:
      "This account uses unified login (Twilio user US123): the customer signs in with the Twilio email and password, not a password of this platform. An email already confirmed with Twilio needs no second confirmation here. 1 sign-in with local credentials failed since 2026-11-10 11:50 UTC (web); last at 2026-11-10 11:50 UTC.",
    evidence: [
      "Login method: unified login (Twilio) → account:1",
      '2026-11-10 11:50 UTC · web · wrong password · username "acme" · from 203.0.113.9 → login_attempt:69',
    ],
    nextSteps: [
      'Tell the customer to use "Sign in with Twilio" and their Twilio credentials.',
      "If they forgot those, they reset them with Twilio; this console cannot.",
    ],
    actions: {
      send_password_reset:
        "refused: This account signs in with its Twilio credentials, so a password or username kept here is not used. The customer recovers access through Twilio's own sign-in recovery.",
      send_username_recovery:
        "refused: This account signs in with its Twilio credentials, so a password or username kept here is not used. The customer recovers access through Twilio's own sign-in recovery.",
      resend_confirmation: "refused: The email was confirmed through Twilio; no second confirmation is needed.",
    },
    customerReply:
      'Your account is set up to sign in with your Twilio account. Please choose "Sign in with Twilio" and use your Twilio email and password. If you no longer know that password, you can reset it from Twilio\'s sign-in page. Your email is already confirmed there, so there is nothing to confirm again here.',
    sentReply: null,
  },
  "unified login, quiet, id missing": {
    verdict: "Signs in with Twilio",
    severity: "informational",
    title: "Signs in with Twilio (unified login)",
    explanation:
      "This account uses unified login (Twilio user id not on record): the customer signs in with the Twilio email and password, not a password of this platform. An email already confirmed with Twilio needs no second confirmation here. No recent sign-in failed with local credentials.",
    evidence: ["Login method: unified login (Twilio) → account:1"],
    nextSteps: [
      'Tell the customer to use "Sign in with Twilio" and their Twilio credentials.',
      "If they forgot those, they reset them with Twilio; this console cannot.",
    ],
    actions: {
      send_password_reset:
        "refused: This account signs in with its Twilio credentials, so a password or username kept here is not used. The customer recovers access through Twilio's own sign-in recovery.",
      send_username_recovery:
        "refused: This account signs in with its Twilio credentials, so a password or username kept here is not used. The customer recovers access through Twilio's own sign-in recovery.",
      resend_confirmation: "refused: The email was confirmed through Twilio; no second confirmation is needed.",
    },
    customerReply:
      'Your account is set up to sign in with your Twilio account. Please choose "Sign in with Twilio" and use your Twilio email and password. If you no longer know that password, you can reset it from Twilio\'s sign-in page. Your email is already confirmed there, so there is nothing to confirm again here.',
    sentReply: null,
  },
  "locked with refused attempts": {
    verdict: "Locked · 25 minutes left",
    severity: "blocking",
    title: "Locked until 2026-11-10 12:25 UTC (about 25 minutes from now)",
    explanation:
      "Sign-in is locked until 2026-11-10 12:25 UTC after repeated failures; until then even the right password is refused. 1 attempt refused by the lock so far.",
    evidence: [
      "Locked until 2026-11-10 12:25 UTC → account:1",
      '2026-11-10 11:59 UTC · web · temporarily locked · username "acme" · from 203.0.113.9 → login_attempt:74',
    ],
    nextSteps: [
      "Ask the customer to wait until 2026-11-10 12:25 UTC before trying again; more attempts do not help.",
      "If they do not know the password, a reset can be sent now, but they can only sign in once the lock ends.",
    ],
    actions: {},
    customerReply:
      "After several unsuccessful sign-in attempts, your account is paused for your protection until 2026-11-10 12:25 UTC. Please wait until then before trying again; further attempts during the pause will not get through.",
    sentReply: null,
  },
  "locked, no attempt hit the lock": {
    verdict: "Locked · 3 hours left",
    severity: "blocking",
    title: "Locked until 2026-11-10 15:00 UTC (about 3 hours from now)",
    explanation:
      "Sign-in is locked until 2026-11-10 15:00 UTC after repeated failures; until then even the right password is refused. No attempt has hit the lock yet.",
    evidence: ["Locked until 2026-11-10 15:00 UTC → account:1"],
    nextSteps: [
      "Ask the customer to wait until 2026-11-10 15:00 UTC before trying again; more attempts do not help.",
      "If they do not know the password, a reset can be sent now, but they can only sign in once the lock ends.",
    ],
    actions: {},
    customerReply:
      "After several unsuccessful sign-in attempts, your account is paused for your protection until 2026-11-10 15:00 UTC. Please wait until then before trying again; further attempts during the pause will not get through.",
    sentReply: null,
  },
  "password changed by a teammate, others failing on two channels": {
    verdict: "Password changed by teammate alice",
    severity: "likely",
    title: "Password changed by teammate alice on 2026-11-09 12:00 UTC",
    explanation:
      "The password was changed by teammate alice on 2026-11-09 12:00 UTC from 198.51.100.7. Since then 3 sign-ins failed (web, SMTP) for teammate bob, the shared account login, who probably still have the old details. Whoever made the change can share the new details, or the customer can set their own.",
    evidence: [
      "password changed by alice from 198.51.100.7 (from settings) → credential_change:71",
      '2026-11-10 11:50 UTC · web · wrong password · username "bob" · from 203.0.113.9 → login_attempt:85',
      '2026-11-10 10:50 UTC · web · wrong password · username "bob" · from 203.0.113.9 → login_attempt:86',
      '2026-11-10 08:40 UTC · SMTP · wrong password · username "acme" · from 203.0.113.9 → login_attempt:87',
      "Also: email address changed by account login → credential_change:72",
    ],
    nextSteps: [
      "Ask the customer to check with teammate alice, who made the change.",
      "Suggest giving each person their own teammate login with only the permissions they need, instead of sharing one.",
      "If they cannot reach that person, send a password reset (note the integrations it breaks).",
    ],
    actions: {
      send_password_reset: "allowed: Lets the customer set a password they know if whoever changed it cannot share it.",
    },
    customerReply:
      "Our records show your account's password was changed on 2026-11-09 by alice. If other people or teams use the same login, please check with them first: they may have the new details. To avoid this in future, you can give each person their own teammate login with only the access they need.",
    sentReply: null,
  },
  "email changed through the shared login, from no known IP": {
    verdict: "Email address changed by the shared account login",
    severity: "likely",
    title: 'Email address changed by "account login" (the shared account login) on 2026-11-07 12:00 UTC',
    explanation:
      'The email address was changed by "account login" (the shared account login) on 2026-11-07 12:00 UTC. Since then 1 sign-in failed (web) for teammate alice, who probably still has the old details. Whoever made the change can share the new details, or the customer can set their own.',
    evidence: [
      "email address changed by account login → credential_change:74",
      '2026-11-10 11:50 UTC · web · unknown username · username "acme" · from 203.0.113.9 → login_attempt:92',
    ],
    nextSteps: [
      "Ask the customer who else uses the shared account login: one of them made the change.",
      "Suggest giving each person their own teammate login with only the permissions they need, instead of sharing one.",
      "If they cannot reach that person, send a password reset (note the integrations it breaks).",
    ],
    actions: {
      send_password_reset: "allowed: Lets the customer set a password they know if whoever changed it cannot share it.",
    },
    customerReply:
      "Our records show your account's email address was changed on 2026-11-07 using your shared account login. If other people or teams use the same login, please check with them first: they may have the new details. To avoid this in future, you can give each person their own teammate login with only the access they need.",
    sentReply: null,
  },
  "one wrong password, no username, no success, no integration": {
    verdict: "Wrong password × 1",
    severity: "likely",
    title: "Wrong password once since 2026-11-10 (web); last at 2026-11-10 11:50 UTC",
    explanation:
      "1 web sign-in refused for a wrong password since 2026-11-10 11:50 UTC, from 1 IP (203.0.113.9). No successful web sign-in in the last 30 days.",
    evidence: ["2026-11-10 11:50 UTC · web · wrong password · from 203.0.113.9 → login_attempt:95"],
    nextSteps: [
      "Send a password reset to the address on record (ops@acme.test).",
      "Warn the customer that anything sending mail with the account password (SMTP, older API setups) will need the new password.",
    ],
    actions: {
      send_password_reset: "allowed: The customer is signing in with a password that no longer matches.",
    },
    customerReply:
      "The password you have been signing in with does not match your account. I can send a password reset link to the email address on your account. Before you choose a new password, please note that anything that sends email through us with your account password (for example an SMTP relay or an older API setup) will stop working until you update it with the new password.",
    sentReply:
      "send_password_reset: I sent a password reset link to the email address on your account at … . The link can be used once. Please note that anything that sends email through us with your account password (for example an SMTP relay or an older API setup) will stop working until you update it with the new password.",
  },
  "wrong passwords from two IPs with two integrations": {
    verdict: "Wrong password × 3",
    severity: "likely",
    title: "Wrong password 3 times since 2026-11-10 (web); last at 2026-11-10 11:50 UTC",
    explanation:
      '3 web sign-ins refused for a wrong password since 2026-11-10 09:50 UTC with username "acme", "ACME", from 2 IPs (203.0.113.9, 198.51.100.20). Last successful web sign-in: 2026-11-08 12:00 UTC.',
    evidence: [
      '2026-11-10 11:50 UTC · web · wrong password · username "acme" · from 203.0.113.9 → login_attempt:100',
      '2026-11-10 10:50 UTC · web · wrong password · username "acme" · from 203.0.113.9 → login_attempt:101',
      '2026-11-10 09:50 UTC · web · wrong password · username "ACME" · from 198.51.100.20 → login_attempt:102',
    ],
    nextSteps: [
      "Send a password reset to the address on record (ops@acme.test).",
      'Warn the customer that "Prod mailer", "CRM sync" use the account password and will stop working until updated with the new one.',
    ],
    actions: {
      send_password_reset: "allowed: The customer is signing in with a password that no longer matches.",
    },
    customerReply:
      'The password you have been signing in with does not match your account. I can send a password reset link to the email address on your account. Before you choose a new password, please note that anything that sends email through us with your account password (such as "Prod mailer", "CRM sync") will stop working until you update it with the new password.',
    sentReply:
      'send_password_reset: I sent a password reset link to the email address on your account at … . The link can be used once. Please note that anything that sends email through us with your account password (such as "Prod mailer", "CRM sync") will stop working until you update it with the new password.',
  },
  "wrong password with one integration": {
    verdict: "Wrong password × 2",
    severity: "likely",
    title: "Wrong password 2 times since 2026-11-10 (web); last at 2026-11-10 11:50 UTC",
    explanation:
      '2 web sign-ins refused for a wrong password since 2026-11-10 10:50 UTC with username "acme", from 1 IP (203.0.113.9). No successful web sign-in in the last 30 days.',
    evidence: [
      '2026-11-10 11:50 UTC · web · wrong password · username "acme" · from 203.0.113.9 → login_attempt:107',
      '2026-11-10 10:50 UTC · web · wrong password · username "acme" · from 203.0.113.9 → login_attempt:108',
    ],
    nextSteps: [
      "Send a password reset to the address on record (ops@acme.test).",
      'Warn the customer that "Prod mailer" uses the account password and will stop working until updated with the new one.',
    ],
    actions: {
      send_password_reset: "allowed: The customer is signing in with a password that no longer matches.",
    },
    customerReply:
      'The password you have been signing in with does not match your account. I can send a password reset link to the email address on your account. Before you choose a new password, please note that anything that sends email through us with your account password (such as "Prod mailer") will stop working until you update it with the new password.',
    sentReply:
      'send_password_reset: I sent a password reset link to the email address on your account at … . The link can be used once. Please note that anything that sends email through us with your account password (such as "Prod mailer") will stop working until you update it with the new password.',
  },
  "one unknown username, no username logged": {
    verdict: "Unknown username × 1",
    severity: "likely",
    title: "Username not recognised once since 2026-11-10",
    explanation:
      '1 web sign-in since 2026-11-10 11:50 UTC used a username that matches no account, last at 2026-11-10 11:50 UTC. The account\'s username is "acme".',
    evidence: ["2026-11-10 11:50 UTC · web · unknown username · from 198.51.100.30 → login_attempt:111"],
    nextSteps: [
      "Send a username reminder to the address on record (ops@acme.test).",
      "Check the customer is not mixing up their username with their email address or a teammate's username.",
    ],
    actions: {
      send_username_recovery: "allowed: The customer is signing in with a username that does not exist.",
    },
    customerReply:
      "The username you have been signing in with does not match your account. I can send a reminder of your username to the email address on your account; just let me know.",
    sentReply:
      "send_username_recovery: The username you have been signing in with does not match your account. I sent a reminder of your username to the email address on your account at … .",
  },
  "unknown usernames from the account's IP": {
    verdict: "Unknown username × 3",
    severity: "likely",
    title: "Username not recognised 3 times since 2026-11-10",
    explanation:
      '3 web sign-ins since 2026-11-10 09:30 UTC used a username that matches no account (tried: "acme-mail", "acme.mail"), last at 2026-11-10 11:50 UTC, from 1 IP this account also used (203.0.113.9). The account\'s username is "acme".',
    evidence: [
      '2026-11-10 11:50 UTC · web · unknown username · username "acme-mail" · from 203.0.113.9 → login_attempt:114',
      '2026-11-10 10:50 UTC · web · unknown username · username "acme-mail" · from 203.0.113.9 → login_attempt:115',
      '2026-11-10 09:30 UTC · web · unknown username · username "acme.mail" · from 198.51.100.31 → login_attempt:116',
    ],
    nextSteps: [
      "Send a username reminder to the address on record (ops@acme.test).",
      "Check the customer is not mixing up their username with their email address or a teammate's username.",
    ],
    actions: {
      send_username_recovery: "allowed: The customer is signing in with a username that does not exist.",
    },
    customerReply:
      "The username you have been signing in with does not match your account. I can send a reminder of your username to the email address on your account; just let me know.",
    sentReply:
      "send_username_recovery: The username you have been signing in with does not match your account. I sent a reminder of your username to the email address on your account at … .",
  },
  "API: revoked key by the shared login, unknown prefix, active key": {
    // The strip names the real cause (issue #21 item 3), not only the count.
    verdict: "API key SG.old99999… revoked by the shared account login · 4 refusals",
    severity: "likely",
    title: "API credentials rejected 4 times since 2026-11-10 (API, SMTP)",
    explanation:
      '4 requests refused since 2026-11-10 07:00 UTC (API key not recognised); last at 2026-11-10 11:50 UTC. No successful API or SMTP request in the recent records. Key SG.old99999 ("Old key") was revoked on 2026-11-09 12:00 UTC by the shared account login. No key on this account starts with SG.zz: mistyped, from another account, or deleted. Key SG.ab12cd34 ("Production") exists and is active: the rest of the key is probably mistyped or truncated.',
    evidence: [
      'API key SG.old99999 "Old key" revoked by the shared account login → api_key:81',
      'API key SG.ab12cd34 "Production" is active → api_key:82',
      "2026-11-10 11:50 UTC · API · API key not recognised · key SG.old9… · from 203.0.113.9 → login_attempt:121",
      "2026-11-10 10:50 UTC · API · API key not recognised · key SG.old9… · from 203.0.113.9 → login_attempt:122",
      "2026-11-10 08:40 UTC · API · API key not recognised · key SG.zz… · from 203.0.113.9 → login_attempt:123",
      '2026-11-10 07:00 UTC · SMTP · API key not recognised · username "apikey" · key SG.ab12cd34x… · from 203.0.113.9 → login_attempt:124',
    ],
    nextSteps: [
      "Explain which credential is refused; nothing needs sending: a password reset does not fix an API key.",
      "The customer fixes the integration's configuration: a new API key, the full key, or the current password for an integration that uses it.",
    ],
    actions: {},
    customerReply:
      "Requests from your integration are being refused. The API key your integration sends (starting SG.old99999) was revoked on 2026-11-09. Please create a new API key in your account settings and update your integration with it.",
    sentReply: null,
  },
  "API: a deleted teammate's user and an integration": {
    verdict: 'API user "Carol" was deleted · 2 refusals',
    severity: "likely",
    title: "API credentials rejected 2 times since 2026-11-10 (API, SMTP)",
    explanation:
      '2 requests refused since 2026-11-10 10:20 UTC (wrong password); last at 2026-11-10 11:50 UTC. Last successful API/SMTP request: 2026-11-07 12:00 UTC. api_user "Carol" is teammate carol, deleted on 2026-10-21 12:00 UTC. api_user "CRM" is the user integration "CRM sync" signs in with: the password it sends no longer matches the account password.',
    evidence: [
      "Teammate carol deleted → teammate:603",
      'Integration "CRM sync" (legacy API) → integration:91',
      '2026-11-10 11:50 UTC · SMTP · wrong password · username "Carol" · from 203.0.113.9 → login_attempt:128',
      '2026-11-10 10:20 UTC · API · wrong password · username "CRM" · from 203.0.113.9 → login_attempt:129',
    ],
    nextSteps: [
      "Explain which credential is refused; nothing needs sending: a password reset does not fix an API key.",
      "The customer fixes the integration's configuration: a new API key, the full key, or the current password for an integration that uses it.",
    ],
    actions: {},
    customerReply:
      'Requests from your integration are being refused. Your integration signs in as "Carol", a user that was removed from your account on 2026-10-21. Please switch the integration to an API key created from an active user.',
    sentReply: null,
  },
  "API: the account's own user with a bad key, a stranger, and nothing to match": {
    verdict: "API credentials rejected × 4",
    severity: "likely",
    title: "API credentials rejected 4 times since 2026-11-10 (API, SMTP)",
    explanation:
      '4 requests refused since 2026-11-10 07:00 UTC (API key not recognised, unknown username); last at 2026-11-10 11:50 UTC. No successful API or SMTP request in the recent records. api_user "acme" is the account\'s own username: the user is right, the API key sent with it is what failed. The request carried no key or user we can match. api_user "zed" is not recognised: mistyped or from another account.',
    evidence: [
      '2026-11-10 11:50 UTC · SMTP · API key not recognised · username "acme" · from 203.0.113.9 → login_attempt:133',
      '2026-11-10 10:20 UTC · SMTP · unknown username · username "acme" · from 203.0.113.9 → login_attempt:134',
      "2026-11-10 08:40 UTC · API · API key not recognised · from 203.0.113.9 → login_attempt:135",
      '2026-11-10 07:00 UTC · SMTP · unknown username · username "zed" · from 203.0.113.9 → login_attempt:136',
    ],
    nextSteps: [
      "Explain which credential is refused; nothing needs sending: a password reset does not fix an API key.",
      "The customer fixes the integration's configuration: a new API key, the full key, or the current password for an integration that uses it.",
    ],
    actions: {},
    customerReply:
      'Requests from your integration are being refused. Your integration signs in as "acme", which is a user on your account, but the API key it sends does not match. Please create a new API key in your account settings and update your integration with it.',
    sentReply: null,
  },
};

describe("diagnosis texts, word for word", () => {
  it.each(cases)("$code: $name", ({ name, facts, code, now }) => {
    const f = diagnose(facts, now ?? NOW).findings.find((x) => x.code === code);
    expect(f, `no ${code} finding`).toBeDefined();
    if (f === undefined) return;
    expect(view(f)).toEqual(EXPECTED[name]);
  });
});
