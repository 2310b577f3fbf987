// One set of words for why a sign-in failed, wherever the account page says it: the
// timeline's row, the diagnosis evidence and Watch live once said it three ways
// ("API key rejected", "API key not recognised", "bad api key").
import { describe, expect, it } from "vitest";
import { describeAttempt } from "@/components/account/watch-live";
import { FAILURE_REASONS } from "@/lib/data/accounts/timeline";
import { reasonLabel } from "@/lib/diagnosis/facts";
import { LOGIN_FAILURE_WORDS, PARENT_COMPANY } from "./login-failures";

const reasons = Object.keys(LOGIN_FAILURE_WORDS) as (keyof typeof LOGIN_FAILURE_WORDS)[];

describe("login failure words", () => {
  it.each(reasons)("%s: the timeline, the diagnosis and Watch live say it the same way", (reason) => {
    const { sentence, fragment } = LOGIN_FAILURE_WORDS[reason];
    expect(FAILURE_REASONS[reason]).toBe(sentence);
    expect(reasonLabel(reason)).toBe(fragment);
    expect(describeAttempt({ channel: "SMTP", outcome: "FAILURE", reason, ip: "203.0.113.9" })).toBe(`SMTP sign-in failed: ${fragment}, from 203.0.113.9`);
  });

  it("never shows the enum's code to an agent", () => {
    for (const reason of reasons) {
      const { sentence, fragment } = LOGIN_FAILURE_WORDS[reason];
      expect(`${sentence} ${fragment}`).not.toMatch(/_/);
    }
    // Watch live once lower-cased the code: "bad api key", "unified login required".
    expect(LOGIN_FAILURE_WORDS.BAD_API_KEY.fragment).toBe("API key not recognised");
    expect(LOGIN_FAILURE_WORDS.UNIFIED_LOGIN_REQUIRED.fragment).toBe(`must sign in through ${PARENT_COMPANY}`);
    expect(LOGIN_FAILURE_WORDS.UNIFIED_LOGIN_REQUIRED.sentence).toBe(`Refused: must sign in through ${PARENT_COMPANY}`);
  });
});
