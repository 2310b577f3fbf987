// composeReply (issue #21 item 2): one reply, true to what has happened, times in UTC.
import { describe, expect, it } from "vitest";
import { composeReply, type LastSend } from "./compose-reply";
import { diagnose } from "./diagnose";
import { NOW, account, accountFacts, attempt, credentialChange, daysAgo, failures, minutesAgo, teammate } from "./fixtures";
import type { SubjectFacts } from "./types";

const wrongPassword = accountFacts({ loginAttempts: failures(3) });
const reset = (over: Partial<LastSend> = {}): LastSend => ({
  action: "send_password_reset",
  at: minutesAgo(5),
  status: "SENT",
  link: { state: "open", expiresAt: new Date(minutesAgo(5).getTime() + 60 * 60_000) },
  ...over,
});
const admin = teammate({ id: 41, username: "sam", level: "ADMIN" });
const changed = accountFacts({
  teammates: [admin],
  credentialChanges: [credentialChange({ kind: "PASSWORD", teammateId: 41, actorLabel: "sam", occurredAt: minutesAgo(300) })],
  loginAttempts: failures(2, { teammateId: null }),
});
const locked = accountFacts({
  account: account({ lockedUntil: new Date(NOW.getTime() + 7 * 24 * 3_600_000) }),
  loginAttempts: [attempt({ reason: "LOCKED", occurredAt: minutesAgo(1) }), ...failures(5)],
});

interface Case {
  name: string;
  facts: SubjectFacts;
  send: LastSend | null;
  from: string;
  sent: boolean;
  contains: string[];
  lacks: string[];
}

const cases: Case[] = [
  {
    name: "wrong password, nothing sent: offers the reset, claims nothing",
    facts: wrongPassword,
    send: null,
    from: "WRONG_PASSWORD",
    sent: false,
    contains: ["I can send a password reset link"],
    lacks: ["I sent", "I have sent"],
  },
  {
    name: "wrong password, reset sent and open: confirms it in UTC with the link's lifetime",
    facts: wrongPassword,
    send: reset(),
    from: "WRONG_PASSWORD",
    sent: true,
    contains: ["I sent a password reset link to the email address on your account at 2026-11-10 11:55 UTC", "for 60 minutes (until 2026-11-10 12:55 UTC)"],
    lacks: ["I can send", "UTC+"],
  },
  {
    name: "the send failed: nothing is claimed",
    facts: wrongPassword,
    send: reset({ status: "FAILED" }),
    from: "WRONG_PASSWORD",
    sent: false,
    contains: ["I can send"],
    lacks: ["I sent"],
  },
  {
    name: "a reset from before the problem says nothing about it",
    facts: wrongPassword,
    send: reset({ at: daysAgo(20), link: { state: "used" } }),
    from: "WRONG_PASSWORD",
    sent: false,
    contains: ["I can send"],
    lacks: ["I sent"],
  },
  {
    name: "the link expired or was cancelled: not reported as working",
    facts: wrongPassword,
    send: reset({ link: { state: "cancelled" } }),
    from: "WRONG_PASSWORD",
    sent: false,
    contains: ["I can send"],
    lacks: ["I sent"],
  },
  {
    name: "still queued: reported as sent (support sent it), with the link's lifetime",
    facts: wrongPassword,
    send: reset({ status: "QUEUED" }),
    from: "WRONG_PASSWORD",
    sent: true,
    contains: ["I sent a password reset link", "works once"],
    lacks: ["I can send"],
  },
  {
    name: "password changed by a teammate: the reply mentions the reset it recommends",
    facts: changed,
    send: null,
    from: "CREDENTIALS_CHANGED_BY_OTHER",
    sent: false,
    contains: ["changed on", "I can send a password reset link"],
    lacks: ["I have sent"],
  },
  {
    name: "password changed by a teammate, reset sent: says what was done",
    facts: changed,
    send: reset(),
    from: "CREDENTIALS_CHANGED_BY_OTHER",
    sent: true,
    contains: ["changed on", "I have sent a password reset link to the email address on your account at 2026-11-10 11:55 UTC."],
    lacks: ["I can send"],
  },
  {
    name: "locked: the 'wait until' reply, no offer of a reset that cannot lift the lock",
    facts: locked,
    send: null,
    from: "TEMPORARILY_LOCKED",
    sent: false,
    contains: ["paused for your protection until"],
    lacks: ["password reset"],
  },
  {
    name: "locked, reset sent anyway: the lock's words plus what was done",
    facts: locked,
    send: reset(),
    from: "TEMPORARILY_LOCKED",
    sent: true,
    contains: ["paused for your protection", "I have sent a password reset link"],
    lacks: [],
  },
];

describe("composeReply", () => {
  it.each(cases)("$name", ({ facts, send, from, sent, contains, lacks }) => {
    const reply = composeReply(diagnose(facts, NOW), send, NOW);
    expect(reply.from).toBe(from);
    expect(reply.sentAt !== null).toBe(sent);
    for (const words of contains) expect(reply.text).toContain(words);
    for (const words of lacks) expect(reply.text).not.toContain(words);
  });

  it("folds the other findings' own wording under 'other', never the reply itself", () => {
    const reply = composeReply(diagnose(locked, NOW), null, NOW);
    expect(reply.other.map((o) => o.code)).toEqual(["WRONG_PASSWORD"]);
    expect(reply.other[0]?.text).not.toBe(reply.text);
  });
});
