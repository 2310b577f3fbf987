import { describe, expect, it } from "vitest";
import { auditEntryHash, type ChainContent } from "./chain-hash";

const base: ChainContent = {
  id: "42",
  createdAtMs: "1764475571123",
  actorId: null,
  actorEmail: "agent@example.test",
  action: "account.view",
  outcome: "DONE",
  code: null,
  targetAccountId: null,
  targetSignUpId: null,
  ticketRef: null,
  reason: null,
  detail: null,
  ip: null,
  userAgent: null,
};

describe("auditEntryHash", () => {
  it("is lowercase hex SHA-256 and depends on the previous hash", () => {
    expect(auditEntryHash(null, base)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditEntryHash("a".repeat(64), base)).not.toBe(auditEntryHash(null, base));
  });

  it("tells NULL from an empty string", () => {
    expect(auditEntryHash(null, { ...base, reason: "" })).not.toBe(auditEntryHash(null, base));
  });

  it("does not let text move between neighbouring fields", () => {
    const a = auditEntryHash(null, { ...base, ticketRef: "T-1", reason: "2:x" });
    const b = auditEntryHash(null, { ...base, ticketRef: "T-12:x", reason: null });
    const c = auditEntryHash(null, { ...base, ticketRef: "T-12", reason: ":x" });
    expect(new Set([a, b, c]).size).toBe(3);
  });

  it("counts UTF-8 bytes, as PostgreSQL's octet_length does (a pinned value from the database)", () => {
    // Computed by audit_entry_hash() on PostgreSQL 15 for these values: a length in
    // UTF-16 units (JavaScript's .length) would give another hash.
    const hash = auditEntryHash(null, { ...base, actorEmail: "zoë@例え.jp", reason: "🔑" });
    expect(hash).toBe(PINNED);
  });
});

const PINNED = "770c7cd67f785ac378ca83f805d14177e3a952cf8b97a6b54be9f075efac4d13";
