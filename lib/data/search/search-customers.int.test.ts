import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { seedAccount, type SeededAccount } from "@/prisma/seed/factories";
import { searchCustomers, type SearchResultDto, type SearchResultItem } from "./search-customers";

const now = new Date("2026-06-15T10:00:00.000Z");

let t: TestDatabase;
let ann: SeededAccount;
let annabel: SeededAccount;
let sub: SeededAccount;
let pending: SeededAccount;
let orchid: SeededAccount;
let orchidTwo: SeededAccount;
let underscore: SeededAccount;
let underX: SeededAccount;
let teammateEmail: string;
let teammateUsername: string;
let keyPrefix: string;
let locked: SeededAccount;
let kelp: SeededAccount;
let tulip: SeededAccount;
let otter: SeededAccount;
let kelpieTours: SeededAccount;

async function search(q: string, limit?: number): Promise<SearchResultDto> {
  return searchCustomers(t.db, q, limit === undefined ? {} : { limit });
}

function first(dto: SearchResultDto): SearchResultItem {
  const hit = dto.results[0];
  if (!hit) throw new Error(`no result for "${dto.query}"`);
  return hit;
}

beforeAll(async () => {
  t = await createTestDatabase();
  const seed = (scenario: Parameters<typeof seedAccount>[1]["scenario"], username: string, email: string) =>
    seedAccount(t.db, { scenario, now, username, email, historyMonths: 1 });
  ann = await seed("healthy", "Ann.Lookup", "Ann.Lookup@Acme.example");
  annabel = await seed("healthy", "annabel-lookup", "annabel@other.example");
  sub = await seed("banned_subuser", "sub-lookup", "sub-lookup@subs.example");
  pending = await seed("unconfirmed", "pending-lookup", "pending-lookup@signup.example");
  orchid = await seed("healthy", "orchid", "orchid@flowers.example");
  orchidTwo = await seed("forgotten_password", "orchid-two", "two@flowers2.example");
  underscore = await seed("healthy", "under_score", "under_score@wild.example");
  underX = await seed("healthy", "underXscore", "underxscore@wild2.example");
  locked = await seed("locked", "locked-lookup", "locked-lookup@lock.example");
  kelp = await seed("healthy", "kelp", "kelp@sea.example");
  tulip = await seed("healthy", "Tulip", "tulip@bulbs.example");
  // An address whose local part is not the username: only the email can lead to it.
  otter = await seed("healthy", "sea-otter-77", "walrus@ocean.example");
  kelpieTours = await seed("healthy", "kelpie-harbour-tours", "tours@kelpie.example");

  // A teammate who is not the owner (the owner shares the account's username and email).
  const mate = await t.db.teammate.findFirstOrThrow({
    where: { accountId: ann.accountId!, level: { not: "OWNER" } },
    orderBy: { id: "asc" },
  });
  teammateEmail = mate.email;
  teammateUsername = mate.username;
  // An api_user that differs from the username, so only the integration can match it.
  const existing = await t.db.passwordIntegration.findFirst({ where: { accountId: orchidTwo.accountId! } });
  if (existing) {
    await t.db.passwordIntegration.update({ where: { id: existing.id }, data: { apiUser: "Relay-User-77", apiUserLower: "relay-user-77" } });
  } else {
    await t.db.passwordIntegration.create({
      data: { accountId: orchidTwo.accountId!, kind: "SMTP_RELAY", name: "relay", apiUser: "Relay-User-77", apiUserLower: "relay-user-77" },
    });
  }
  // Accounts the platform's events created carry the platform's id (lib/ingest).
  const source = await t.db.eventSource.create({ data: { name: "search-src", tokenHash: "f".repeat(64), tokenPrefix: "cs_ffffff" } });
  await t.db.account.update({ where: { id: orchid.accountId! }, data: { sourceId: source.id, externalId: "acct_Orchid-9F" } });
  await t.db.account.update({ where: { id: underscore.accountId! }, data: { sourceId: source.id, externalId: "7700123" } });
  const key = await t.db.apiKey.findFirstOrThrow({ where: { accountId: annabel.accountId!, revokedAt: null } });
  keyPrefix = key.prefix;
});

afterAll(async () => {
  await t?.drop();
});

describe("searchCustomers: every identifier kind", () => {
  it("finds an account by id (with or without #) as a single exact hit", async () => {
    for (const q of [String(ann.accountId), `#${ann.accountId}`]) {
      const dto = await search(q);
      expect(dto.kind).toBe("account_id");
      expect(first(dto)).toMatchObject({ kind: "account", id: ann.accountId, quality: "exact", match: { field: "account_id" } });
      expect(dto.exactHit).toBe(true);
    }
  });

  it("finds an account by the platform's id, exactly as typed (ids are opaque: no case folding, no prefixes)", async () => {
    const dto = await search("acct_Orchid-9F");
    expect(first(dto)).toMatchObject({ kind: "account", id: orchid.accountId, quality: "exact", match: { field: "platform_id", value: "acct_Orchid-9F" } });
    expect(dto.exactHit).toBe(true);
    // Digits are tried as the console's id and as the platform's.
    expect((await search("7700123")).results.map((r) => [r.id, r.match.field])).toContainEqual([underscore.accountId, "platform_id"]);
    for (const near of ["acct_orchid-9f", "acct_Orchid", "acct_Orchid-9F%"]) {
      expect((await search(near)).results.some((r) => r.match.field === "platform_id")).toBe(false);
    }
  });

  it("finds an account by exact email in any case, and returns a plain DTO", async () => {
    for (const q of ["Ann.Lookup@Acme.example", "  ANN.LOOKUP@ACME.EXAMPLE  ", "ann.lookup@acme.example"]) {
      const dto = await search(q);
      expect(dto.kind).toBe("email");
      const hit = first(dto);
      expect(hit).toMatchObject({
        kind: "account",
        id: ann.accountId,
        username: "Ann.Lookup",
        email: "Ann.Lookup@Acme.example",
        status: "ACTIVE",
        loginMethod: "PASSWORD",
        isSubuser: false,
        parentUsername: null,
        quality: "exact",
        match: { field: "email", value: "Ann.Lookup@Acme.example" },
      });
      expect(dto.exactHit).toBe(true);
      // The owner teammate and the sign-up share the address: still one result.
      expect(dto.results.filter((r) => r.id === ann.accountId && r.kind === "account")).toHaveLength(1);
      // JSON-able: dates are ISO strings, nothing is lost in a round trip.
      expect(JSON.parse(JSON.stringify(dto))).toEqual(dto);
      expect(hit.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(hit.lastLoginAt === null || /^\d{4}-\d\d-\d\dT/.test(hit.lastLoginAt)).toBe(true);
    }
  });

  it("finds accounts by email prefix", async () => {
    const dto = await search("ANN.LOOKUP@AC");
    expect(first(dto)).toMatchObject({ id: ann.accountId, quality: "prefix", match: { field: "email" } });
    expect(dto.exactHit).toBe(false);
  });

  it("finds an account by username, in any case, once", async () => {
    const dto = await search("ann.lookup");
    expect(dto.kind).toBe("name");
    expect(first(dto)).toMatchObject({ id: ann.accountId, quality: "exact", match: { field: "username", value: "Ann.Lookup" } });
    expect(dto.results.filter((r) => r.id === ann.accountId)).toHaveLength(1);
    expect(dto.exactHit).toBe(true);
  });

  it("finds an account by its API user", async () => {
    const dto = await search("RELAY-USER-77");
    expect(first(dto)).toMatchObject({ id: orchidTwo.accountId, quality: "exact", match: { field: "api_user", value: "Relay-User-77" } });
  });

  it("finds an account by API key prefix, exact and partial, whatever the case", async () => {
    const asTyped = await search(keyPrefix);
    expect(first(asTyped)).toMatchObject({ id: annabel.accountId, quality: "exact", match: { field: "api_key_prefix", value: keyPrefix } });
    const exact = await search(keyPrefix.toLowerCase());
    expect(exact.kind).toBe("api_key_prefix");
    expect(first(exact)).toMatchObject({ id: annabel.accountId, quality: "exact", match: { field: "api_key_prefix", value: keyPrefix } });
    const partial = await search(keyPrefix.slice(0, 7));
    expect(partial.results.find((r) => r.id === annabel.accountId)).toMatchObject({ quality: "prefix", match: { field: "api_key_prefix" } });
  });

  it("finds the account behind a teammate's email and username", async () => {
    const byEmail = await search(teammateEmail.toUpperCase());
    expect(first(byEmail)).toMatchObject({ id: ann.accountId, quality: "exact", match: { field: "teammate_email", value: teammateEmail } });
    const byName = await search(teammateUsername);
    expect(first(byName)).toMatchObject({ id: ann.accountId, quality: "exact", match: { field: "teammate_username", value: teammateUsername } });
  });

  it("finds a subuser by username and shows its parent", async () => {
    const dto = await search("SUB-LOOKUP");
    expect(first(dto)).toMatchObject({
      kind: "account",
      id: sub.accountId,
      quality: "exact",
      isSubuser: true,
      parentId: sub.parentAccountId,
      parentUsername: "sub-lookup-parent",
      status: "BANNED",
      match: { field: "subuser_username", value: "sub-lookup" },
    });
    // The parent is a prefix match, ranked after.
    expect(dto.results.find((r) => r.id === sub.parentAccountId)).toMatchObject({ quality: "prefix", isSubuser: false });
  });

  it("finds an unconfirmed sign-up by email and by username, as a sign-up", async () => {
    const byEmail = await search("Pending-Lookup@Signup.example");
    expect(first(byEmail)).toMatchObject({
      kind: "signup",
      id: pending.signUpId,
      status: "UNCONFIRMED",
      loginMethod: null,
      isSubuser: false,
      lastLoginAt: null,
      quality: "exact",
      match: { field: "signup_email", value: "pending-lookup@signup.example" },
    });
    const byName = await search("pending-lookup");
    expect(first(byName)).toMatchObject({ kind: "signup", id: pending.signUpId, match: { field: "signup_username" }, quality: "exact" });
    expect(byName.exactHit).toBe(true);
  });
});

describe("searchCustomers: typos and ranking", () => {
  it("finds a username with two letters swapped as a close match", async () => {
    const dto = await search("Ann.Lookpu");
    expect(first(dto)).toMatchObject({ id: ann.accountId, quality: "similar", match: { field: "username", value: "Ann.Lookup" } });
    expect(first(dto).score).toBeGreaterThan(0.3);
    expect(dto.exactHit).toBe(false);
  });

  it("finds an email with a typo in the domain as a close match", async () => {
    const dto = await search("ann.lookup@acme.exmaple");
    expect(first(dto)).toMatchObject({ id: ann.accountId, quality: "similar", match: { field: "email" } });
  });

  it("ranks exact before prefix", async () => {
    const dto = await search("orchid");
    expect(dto.results.map((r) => [r.id, r.quality])).toEqual([
      [orchid.accountId, "exact"],
      [orchidTwo.accountId, "prefix"],
    ]);
    expect(dto.exactHit).toBe(true);
  });

  it("does not pad prefix matches with typo suggestions", async () => {
    const dto = await search("orchid-tw");
    expect(dto.results.map((r) => [r.id, r.quality])).toEqual([[orchidTwo.accountId, "prefix"]]);
  });

  it("keeps exact matches first and the rest by score across a broad query, and honours the limit", async () => {
    for (const q of ["lookup", "ann", "orchi", "kelpi"]) {
      const all = await search(q);
      const exact = all.results.filter((r) => r.quality === "exact");
      expect(all.results.slice(0, exact.length), q).toEqual(exact);
      const scores = all.results.slice(exact.length).map((r) => r.score);
      expect(scores, q).toEqual([...scores].sort((a, b) => b - a));
    }
    const limited = await search("orchid", 1);
    expect(limited.results).toHaveLength(1);
    expect(limited.truncated).toBe(true);
    expect(first(limited).id).toBe(orchid.accountId);
  });

  it("returns an empty list when nothing matches", async () => {
    const dto = await search("zzqxv-nobody-here");
    expect(dto).toEqual({ query: "zzqxv-nobody-here", kind: "name", results: [], exactHit: false, truncated: false });
  });
});

describe("searchCustomers: one-edit typos of short names (issue 14: trigrams cannot match orhcid to orchid)", () => {
  const rankOf = (dto: SearchResultDto, id: number | null) => dto.results.findIndex((r) => r.kind === "account" && r.id === id) + 1;

  it("finds a 4-, 5- and 6-letter username in the top 5 after an insertion, a deletion, a substitution or a swap", async () => {
    const cases: [SeededAccount, string[]][] = [
      [kelp, ["kelpp", "kep", "kalp", "klep"]],
      [tulip, ["tuliip", "tulp", "tulop", "tuilp"]],
      [orchid, ["orchiid", "orchd", "orxhid", "orhcid"]],
    ];
    for (const [account, typos] of cases) {
      for (const typo of typos) {
        const dto = await search(typo);
        const rank = rankOf(dto, account.accountId);
        expect(rank, typo).toBeGreaterThanOrEqual(1);
        expect(rank, typo).toBeLessThanOrEqual(5);
      }
    }
  });

  it("shows them as suggestions (similar, never exact), so the page lists them instead of opening one", async () => {
    const dto = await search("orhcid");
    expect(first(dto)).toMatchObject({ id: orchid.accountId, quality: "similar", match: { field: "username", value: "orchid" } });
    expect(first(dto).score).toBeCloseTo(1 - 1 / 6, 3);
    expect(dto.exactHit).toBe(false);
    expect(dto.results.filter((r) => r.quality === "exact")).toEqual([]);
  });

  it("finds an email's local part typed alone or with the domain, one edit off", async () => {
    for (const typo of ["walrsu", "walrus@ocaen.example", "wlrus@ocean.example"]) {
      const dto = await search(typo);
      expect(
        dto.results.find((r) => r.id === otter.accountId),
        typo,
      ).toMatchObject({ quality: "similar", match: { field: "email", value: "walrus@ocean.example" } });
      expect(rankOf(dto, otter.accountId), typo).toBeLessThanOrEqual(5);
    }
  });

  it("still puts an exact match first, with no typo suggestions beside the customer's own value", async () => {
    const dto = await search("kelp");
    expect(dto.results.map((r) => [r.id, r.quality])).toEqual([
      [kelp.accountId, "exact"],
      [kelpieTours.accountId, "prefix"],
    ]);
    expect(dto.exactHit).toBe(true);
  });

  it("ranks a name one edit from the query above a longer name that merely starts with it", async () => {
    // "kelpi": all of kelp but one added letter (score 0.8), or the first 5 of 20
    // characters of kelpie-harbour-tours (0.25). Prefix-first buried the typo's customer.
    const dto = await search("kelpi");
    expect(dto.results.map((r) => [r.id, r.quality])).toEqual([
      [kelp.accountId, "similar"],
      [kelpieTours.accountId, "prefix"],
    ]);
  });

  it("treats % and _ in a typo as characters, never as a pattern", async () => {
    // LIKE 'o_c_id' or '%chid' would match orchid; as text they are two edits away.
    for (const q of ["o_c_id", "%chid", "orc%id%", "_rchid_"]) {
      expect(
        (await search(q)).results.map((r) => r.id),
        q,
      ).not.toContain(orchid.accountId);
    }
    // "under_scoer" is one swap from under_score; read as a pattern, "_" would also
    // have reached underXscore (one swap from "underxscoer").
    const ids = (await search("under_scoer")).results.map((r) => r.id);
    expect(ids).toContain(underscore.accountId);
    expect(ids).not.toContain(underX.accountId);
  });
});

describe("searchCustomers: hostile input", () => {
  it("treats LIKE wildcards literally", async () => {
    const underscoreDto = await search("under_s");
    const strong = underscoreDto.results.filter((r) => r.quality !== "similar").map((r) => r.id);
    expect(strong).toContain(underscore.accountId);
    expect(strong).not.toContain(underX.accountId);
    for (const q of ["under%", "%score", "under\\score", "%", "_", "%%%", "\\"]) {
      const dto = await search(q);
      expect({ q, strong: dto.results.filter((r) => r.quality !== "similar") }).toEqual({ q, strong: [] });
    }
  });

  it("answers garbage without throwing and without harm", async () => {
    const before = await t.db.account.count();
    const inputs = [
      "",
      "   \t\n ",
      "x".repeat(10_000),
      "@".repeat(10_000),
      "'; DROP TABLE accounts; --",
      '" OR 1=1 --',
      "a\u0000b\u0007c",
      "🙂".repeat(400),
      "SG.",
      "@",
      "99999999999999999999",
      "0",
    ];
    for (const q of inputs) {
      const dto = await search(q);
      expect(dto.query.length).toBeLessThanOrEqual(2 * 254);
      expect(Array.isArray(dto.results)).toBe(true);
      expect(dto.results.filter((r) => r.quality === "exact")).toEqual([]);
    }
    expect((await search("")).kind).toBe("empty");
    expect((await search("   ")).results).toEqual([]);
    expect(await t.db.account.count()).toBe(before);
  });

  it("rejects an out-of-range limit", async () => {
    await expect(search("orchid", 0)).rejects.toThrow();
    await expect(search("orchid", 10_000)).rejects.toThrow();
  });
});

describe("each row's verdict, from the row's own columns (issue 13: a locked customer stands out in a list)", () => {
  const verdictOf = async (q: string) => {
    const dto = await searchCustomers(t.db, q, {}, now);
    return first(dto).verdict;
  };

  it("a locked account reads as the account page's strip, with the time left", async () => {
    expect(locked.accountId).not.toBeNull();
    const verdict = await verdictOf("locked-lookup");
    expect(verdict.tone).toBe("danger");
    expect(verdict.text).toMatch(/^Locked · \d+ minutes left$/);
  });

  it("once the lock has ended, the same row is no longer locked", async () => {
    const later = new Date(now.getTime() + 24 * 60 * 60_000);
    expect(first(await searchCustomers(t.db, "locked-lookup", {}, later)).verdict.text).toBe("Not diagnosed");
  });

  it("a subuser of a banned parent, an unconfirmed sign-up and a healthy account", async () => {
    expect(await verdictOf("sub-lookup")).toEqual({ text: "Banned with parent sub-lookup-parent", tone: "danger" });
    expect(await verdictOf("pending-lookup")).toEqual({ text: "Email not confirmed · no account yet", tone: "danger" });
    expect(await verdictOf("orchid")).toEqual({ text: "Not diagnosed", tone: "neutral" });
  });
});
