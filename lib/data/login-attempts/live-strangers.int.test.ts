// Watch live follows the forgotten-username customer too (issue #21 item 6): failures
// with an unknown username (no account id) from the account's recent addresses appear,
// with the username tried; the same from elsewhere never do.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { openLiveCursor, pollLiveAttempts } from "./live";

let t: TestDatabase;
let accountId = 0;

beforeAll(async () => {
  t = await createTestDatabase();
  accountId = (await t.db.account.create({ data: { username: "forgetful", usernameLower: "forgetful", email: "f@live.test", emailLower: "f@live.test" } })).id;
  // The account signed in from 203.0.113.40 last week.
  await t.db.loginAttempt.create({
    data: { accountId, channel: "WEB", outcome: "SUCCESS", ip: "203.0.113.40", occurredAt: new Date(Date.now() - 7 * 86_400_000) },
  });
});
afterAll(async () => {
  await t?.drop();
});

const stranger = (ip: string, usernameTried: string) =>
  t.db.loginAttempt.create({
    data: { accountId: null, channel: "WEB", outcome: "FAILURE", reason: "UNKNOWN_USERNAME", usernameTried, ip, occurredAt: new Date() },
  });

describe("the live feed: unknown usernames from the account's addresses", () => {
  it("shows them with the username tried, and not those from other addresses", async () => {
    const cursor = await openLiveCursor(t.db, accountId);
    await stranger("203.0.113.40", "forgetfull");
    await stranger("198.51.100.99", "someone-else");
    const got = await pollLiveAttempts(t.db, accountId, cursor);
    expect(got.map((a) => [a.ip, a.usernameTried, a.reason])).toEqual([["203.0.113.40", "forgetfull", "UNKNOWN_USERNAME"]]);
    expect(await pollLiveAttempts(t.db, accountId, cursor)).toEqual([]);
  });

  it("starts after the attempts already there when watching begins", async () => {
    await stranger("203.0.113.40", "before-watching");
    const cursor = await openLiveCursor(t.db, accountId);
    expect(await pollLiveAttempts(t.db, accountId, cursor)).toEqual([]);
  });
});
