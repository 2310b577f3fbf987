// The small readers every rule shares: which failures still count, who someone is,
// and the labels the agent reads. A wrong boundary here moves every rule at once.
import { describe, expect, it } from "vitest";
import { NOW, accountFacts, attempt, minutesAgo, daysAgo, success, teammate } from "./fixtures";
import {
  actorName,
  attemptLabel,
  channelsOf,
  formatMoney,
  hasOtherTeammates,
  isFailure,
  isResolvedLater,
  lastSuccess,
  plural,
  reasonLabel,
  unresolvedFailures,
} from "./facts";
import { UTC_TIME } from "./time";
import type { AccountSubject } from "./types";

function subjectWith(overrides: Partial<Omit<AccountSubject, "kind">>): AccountSubject {
  const { subject } = accountFacts(overrides);
  if (subject.kind !== "account") throw new Error("account expected");
  return subject;
}

describe("formatMoney", () => {
  it.each([
    [8900, "USD", "89.00 USD"],
    [5, "EUR", "0.05 EUR"],
    [100, "USD", "1.00 USD"],
    [123456, "GBP", "1234.56 GBP"],
    [-1505, "USD", "-15.05 USD"],
    [0, "USD", "0.00 USD"],
  ])("%i cents %s -> %s", (cents, currency, text) => {
    expect(formatMoney(cents, currency)).toBe(text);
  });
});

describe("labels", () => {
  it("plural says one or many", () => {
    expect(plural(1, "IP")).toBe("1 IP");
    expect(plural(0, "IP")).toBe("0 IPs");
    expect(plural(2, "dedicated IP")).toBe("2 dedicated IPs");
    expect(plural(3, "entry", "entries")).toBe("3 entries");
  });

  it("every failure reason has its words; a failure without one reads 'failed'", () => {
    expect(reasonLabel(null)).toBe("failed");
    expect(reasonLabel("UNCONFIRMED")).toBe("email not confirmed");
    expect(reasonLabel("TERMINATED")).toBe("account terminated");
    expect(reasonLabel("LOCKED")).toBe("temporarily locked");
  });

  it("an attempt line: time, channel, outcome, who and from where", () => {
    const at = new Date("2026-11-10T11:00:00Z");
    expect(attemptLabel(success({ channel: "SMTP", usernameTried: null, apiKeyPrefix: "SG.ab", ip: "192.0.2.1", occurredAt: at }), UTC_TIME)).toBe(
      "2026-11-10 11:00 UTC · SMTP · success · key SG.ab… · from 192.0.2.1",
    );
    expect(attemptLabel(attempt({ reason: null, occurredAt: at }), UTC_TIME)).toBe('2026-11-10 11:00 UTC · web · failed · username "acme" · from 203.0.113.9');
  });

  it("channels come in a fixed order, each once", () => {
    expect(channelsOf([attempt({ channel: "SMTP" }), attempt({ channel: "WEB" }), attempt({ channel: "SMTP" })])).toBe("web, SMTP");
    expect(channelsOf([attempt({ channel: "API" })])).toBe("API");
    expect(channelsOf([])).toBe("");
  });
});

describe("who is who", () => {
  const owner = teammate({ id: 1, username: "acme", level: "OWNER" });
  const alice = teammate({ id: 2, username: "alice" });
  const gone = teammate({ id: 3, username: "carol", deletedAt: daysAgo(3) });
  const goneOwner = teammate({ id: 4, username: "founder", level: "OWNER", deletedAt: daysAgo(3) });

  it("names the owner, teammates, deleted ones, unknown ids and the shared login", () => {
    const subject = subjectWith({ teammates: [owner, alice, gone, goneOwner] });
    expect(actorName(subject, null)).toBe("the shared account login");
    expect(actorName(subject, 1)).toBe("the owner acme");
    expect(actorName(subject, 2)).toBe("teammate alice");
    expect(actorName(subject, 3)).toBe("deleted teammate carol");
    expect(actorName(subject, 4)).toBe("deleted owner founder");
    expect(actorName(subject, 99)).toBe("teammate #99");
  });

  it("only an active non-owner teammate makes the account shared", () => {
    expect(hasOtherTeammates(subjectWith({ teammates: [owner] }))).toBe(false);
    expect(hasOtherTeammates(subjectWith({ teammates: [owner, gone] }))).toBe(false);
    expect(hasOtherTeammates(subjectWith({ teammates: [owner, alice] }))).toBe(true);
  });
});

describe("which failures count", () => {
  it("a failure is an outcome of FAILURE with one of the reasons", () => {
    expect(isFailure(attempt({ reason: "WRONG_PASSWORD" }), ["WRONG_PASSWORD"])).toBe(true);
    expect(isFailure(attempt({ reason: "LOCKED" }), ["WRONG_PASSWORD"])).toBe(false);
    expect(isFailure(attempt({ reason: null }), ["WRONG_PASSWORD"])).toBe(false);
    expect(isFailure(success({ reason: "WRONG_PASSWORD" }), ["WRONG_PASSWORD"])).toBe(false);
  });

  it("the last success is the newest on the channels asked, whatever the order", () => {
    const older = success({ occurredAt: daysAgo(3) });
    const newer = success({ occurredAt: daysAgo(1) });
    const api = success({ channel: "API", occurredAt: minutesAgo(1) });
    expect(lastSuccess([older, newer, api, attempt()], ["WEB"])).toBe(newer);
    expect(lastSuccess([newer, older], ["WEB"])).toBe(newer);
    expect(lastSuccess([api], ["WEB"])).toBeNull();
  });

  it("counts from the later of the 30-day cut-off and the last success; a failure in the same millisecond as the success does not count", () => {
    const ok = success({ occurredAt: minutesAgo(60) });
    const sameMs = attempt({ occurredAt: minutesAgo(60) });
    const after = attempt({ occurredAt: minutesAgo(59) });
    const smtp = attempt({ channel: "SMTP", occurredAt: minutesAgo(1) });
    const run = unresolvedFailures([ok, sameMs, after, smtp], NOW, ["WEB"], ["WRONG_PASSWORD"]);
    expect(run.failures).toEqual([after]);
    expect(run.countedFrom).toEqual(ok.occurredAt);
    expect(run.lastSuccess).toBe(ok);

    const atCutoff = attempt({ occurredAt: daysAgo(30) });
    const beyond = attempt({ occurredAt: new Date(daysAgo(30).getTime() - 1) });
    const quiet = unresolvedFailures([beyond, atCutoff], NOW, ["WEB"], ["WRONG_PASSWORD"]);
    expect(quiet.failures).toEqual([atCutoff]);
    expect(quiet.countedFrom).toEqual(daysAgo(30));
    expect(quiet.lastSuccess).toBeNull();
  });

  it("a failure is settled only by a later success on its channel by the same identity", () => {
    const failure = attempt({ occurredAt: minutesAgo(10), teammateId: 7 });
    const same = (f: typeof failure, s: typeof failure) => f.teammateId === s.teammateId;
    expect(isResolvedLater(failure, [success({ occurredAt: minutesAgo(5), teammateId: 7 })], same)).toBe(true);
    expect(isResolvedLater(failure, [success({ occurredAt: minutesAgo(10), teammateId: 7 })], same)).toBe(false);
    expect(isResolvedLater(failure, [success({ occurredAt: minutesAgo(5), teammateId: 8 })], same)).toBe(false);
    expect(isResolvedLater(failure, [success({ channel: "SMTP", occurredAt: minutesAgo(5), teammateId: 7 })], same)).toBe(false);
    expect(isResolvedLater(failure, [attempt({ occurredAt: minutesAgo(5), teammateId: 7 })], same)).toBe(false);
  });
});
