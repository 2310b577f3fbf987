// The platform endpoints' first check: which tokens open the door, and which scope.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { authenticateSource } from "./authenticate";
import { newSourceToken } from "./tokens";

let t: TestDatabase;
const current = newSourceToken();
const previous = newSourceToken();
const revoked = newSourceToken();
const expired = newSourceToken();
const now = new Date("2026-11-30T12:00:00Z");

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.eventSource.create({
    data: {
      name: "platform-prod",
      tokenHash: current.hash,
      tokenPrefix: current.prefix,
      previousTokenHash: previous.hash,
      previousTokenPrefix: previous.prefix,
      previousTokenExpiresAt: new Date(now.getTime() + 60_000),
    },
  });
  await t.db.eventSource.create({ data: { name: "gone", tokenHash: revoked.hash, tokenPrefix: revoked.prefix, revokedAt: now } });
  await t.db.eventSource.create({
    data: {
      name: "rotated",
      tokenHash: newSourceToken().hash,
      tokenPrefix: "cs_xxxxxx",
      previousTokenHash: expired.hash,
      previousTokenExpiresAt: new Date(now.getTime() - 1),
      scopes: ["ingest", "redeem"],
    },
  });
});
afterAll(async () => {
  await t?.drop();
});

describe("authenticateSource", () => {
  it("accepts the current token and the previous one during its grace period", async () => {
    for (const token of [current.token, previous.token]) {
      const result = await authenticateSource(t.db, `Bearer ${token}`, "ingest", now);
      expect(result).toMatchObject({ ok: true, source: { name: "platform-prod" } });
    }
  });

  it("answers 401 for a missing, malformed, unknown, revoked or expired token, with one message", async () => {
    const headers = [
      undefined,
      "",
      "Basic abc",
      `Bearer ${current.token}x`,
      `Bearer ${newSourceToken().token}`,
      `Bearer ${revoked.token}`,
      `Bearer ${expired.token}`,
    ];
    const results = await Promise.all(headers.map((h) => authenticateSource(t.db, h, "ingest", now)));
    for (const result of results) expect(result).toMatchObject({ ok: false, status: 401 });
    expect(new Set(results.slice(4).map((r) => (r.ok ? "" : r.message))).size).toBe(1);
  });

  it("answers 403 when the token lacks the endpoint's scope", async () => {
    expect(await authenticateSource(t.db, `Bearer ${current.token}`, "redeem", now)).toMatchObject({ ok: false, status: 403 });
  });

  it("records the last use at most once a minute", async () => {
    await authenticateSource(t.db, `Bearer ${current.token}`, "ingest", now);
    const first = await t.db.eventSource.findUniqueOrThrow({ where: { name: "platform-prod" } });
    await authenticateSource(t.db, `Bearer ${current.token}`, "ingest", new Date(now.getTime() + 30_000));
    expect((await t.db.eventSource.findUniqueOrThrow({ where: { name: "platform-prod" } })).lastUsedAt).toEqual(first.lastUsedAt);
    await authenticateSource(t.db, `Bearer ${current.token}`, "ingest", new Date(now.getTime() + 61_000));
    expect((await t.db.eventSource.findUniqueOrThrow({ where: { name: "platform-prod" } })).lastUsedAt).toEqual(new Date(now.getTime() + 61_000));
  });
});
