// The redemption door remembers a source's success for a few seconds (one round trip per
// redemption instead of two); what it must never do is remember a refusal, mix up
// scopes or tokens, or keep a success past its time.
import { describe, expect, it } from "vitest";
import type { Db } from "@/lib/db/prisma";
import type { Authentication, Authenticator } from "@/lib/http/platform-route";
import { rememberingSuccesses, sourceTokenKey } from "./authenticate";
import { newSourceToken } from "./tokens";

type Scope = "redeem" | "ingest";

/** An authenticator that answers from a table and counts how often it was asked. */
function counting(answers: Record<string, Authentication<string>>) {
  const asked: string[] = [];
  const inner: Authenticator<string, Scope> = {
    realm: "platform",
    authenticate: (_db, request, scope) => {
      const key = `${scope} ${request.headers.get("authorization") ?? ""}`;
      asked.push(key);
      return Promise.resolve(answers[key] ?? { ok: false, status: 401, code: "UNAUTHENTICATED", message: "unknown" });
    },
  };
  return { inner, asked };
}

const db = {} as Db;
const request = (token: string) => new Request("http://console.test/x", { headers: { authorization: `Bearer ${token}` } });
const at = (ms: number) => new Date(Date.UTC(2026, 11, 7, 12, 0, 0) + ms);

describe("rememberingSuccesses", () => {
  const good = newSourceToken().token;
  const other = newSourceToken().token;
  const answers: Record<string, Authentication<string>> = {
    [`redeem Bearer ${good}`]: { ok: true, principal: "platform" },
    [`ingest Bearer ${good}`]: { ok: false, status: 403, code: "SCOPE_MISSING", message: "no ingest" },
  };

  it("asks once within the time and again after it", async () => {
    const { inner, asked } = counting(answers);
    const door = rememberingSuccesses(inner, sourceTokenKey, { ttlMs: 10_000, maxEntries: 10 });
    expect(await door.authenticate(db, request(good), "redeem", at(0))).toEqual({ ok: true, principal: "platform" });
    expect(await door.authenticate(db, request(good), "redeem", at(9_999))).toEqual({ ok: true, principal: "platform" });
    expect(asked).toHaveLength(1);
    await door.authenticate(db, request(good), "redeem", at(10_000));
    expect(asked).toHaveLength(2);
  });

  it("never remembers a refusal, and keeps scopes and tokens apart", async () => {
    const { inner, asked } = counting(answers);
    const door = rememberingSuccesses(inner, sourceTokenKey, { ttlMs: 10_000, maxEntries: 10 });
    await door.authenticate(db, request(good), "redeem", at(0));
    expect(await door.authenticate(db, request(good), "ingest", at(1))).toMatchObject({ ok: false, status: 403 });
    expect(await door.authenticate(db, request(good), "ingest", at(2))).toMatchObject({ ok: false, status: 403 });
    expect(await door.authenticate(db, request(other), "redeem", at(3))).toMatchObject({ ok: false, status: 401 });
    expect(await door.authenticate(db, request(other), "redeem", at(4))).toMatchObject({ ok: false, status: 401 });
    const noToken = new Request("http://console.test/x");
    expect(await door.authenticate(db, noToken, "redeem", at(5))).toMatchObject({ ok: false, status: 401 });
    expect(await door.authenticate(db, noToken, "redeem", at(6))).toMatchObject({ ok: false, status: 401 });
    // One remembered success; every refusal asked again.
    expect(asked.filter((a) => a === `redeem Bearer ${good}`)).toHaveLength(1);
    expect(asked).toHaveLength(7);
  });

  it("forgets the oldest success when full", async () => {
    const tokens = [newSourceToken().token, newSourceToken().token, newSourceToken().token];
    const { inner, asked } = counting(Object.fromEntries(tokens.map((t) => [`redeem Bearer ${t}`, { ok: true, principal: t }])));
    const door = rememberingSuccesses(inner, sourceTokenKey, { ttlMs: 10_000, maxEntries: 2 });
    for (const t of tokens) await door.authenticate(db, request(t), "redeem", at(0));
    await door.authenticate(db, request(tokens[2] ?? ""), "redeem", at(1));
    expect(asked).toHaveLength(3);
    await door.authenticate(db, request(tokens[0] ?? ""), "redeem", at(2));
    expect(asked).toHaveLength(4);
  });
});
