// The envelope and catalogue without a database: what a sender is told, field by field.
import { describe, expect, it } from "vitest";
import { buildEvent } from "./build-event";
import { catalogueJsonSchema, EVENT_TYPES } from "./catalogue";
import { parseEvent, UnparsableLine } from "./envelope";

const ok = buildEvent(
  "login.attempted",
  { channel: "web", outcome: "failure", reason: "locked", ip: "2001:db8::1" },
  { id: "e1", time: "2026-11-30T08:00:00.123Z" },
);

function reason(raw: unknown): string {
  const parsed = parseEvent(raw, 0);
  if (parsed.ok) throw new Error("expected a rejection");
  return parsed.reason;
}

describe("parseEvent", () => {
  it("accepts a valid event, with defaults applied and its version (time, then id)", () => {
    const parsed = parseEvent(ok, 3);
    expect(parsed).toMatchObject({ ok: true, event: { index: 3, id: "e1", type: "login.attempted", version: "2026-11-30T08:00:00.123Z e1" } });
    if (parsed.ok) expect(parsed.event.data).toMatchObject({ account_id: null, teammate_id: null, user_agent: null });
  });

  it("names the envelope attribute and what was expected", () => {
    expect(reason({ ...ok, specversion: "0.3" })).toBe('specversion: expected "1.0"');
    expect(reason({ ...ok, id: 7 })).toMatch(/^id: expected a non-empty string/);
    expect(reason({ ...ok, type: "login.tried" })).toMatch(/^type: expected one of account\.created, /);
    expect(reason({ ...ok, time: undefined })).toMatch(/^time: required/);
    expect(reason({ ...ok, time: "30/11/2026" })).toMatch(/^time: .*date-time/);
    expect(reason({ ...ok, datacontenttype: "text/plain" })).toMatch(/^datacontenttype: /);
    expect(reason({ ...ok, data: undefined })).toMatch(/^data: /);
    expect(reason({ ...ok, source: "" })).toMatch(/^source: /);
    expect(reason([ok])).toMatch(/^event: expected a JSON object/);
    expect(reason(new UnparsableLine(4))).toBe("event: line 4 is not valid JSON");
  });

  it("names the data field and what was expected", () => {
    expect(reason({ ...ok, data: { ...ok.data, ip: "300.1.1.1" } })).toMatch(/^data\.ip: /);
    expect(reason({ ...ok, data: { ...ok.data, reason: "tired" } })).toMatch(/^data\.reason: .*"wrong_password"/);
    expect(reason({ ...ok, data: { ...ok.data, surprise: 1 } })).toMatch(/^data: .*surprise/);
    expect(reason(buildEvent("invoice.issued", { account_id: "a", invoice_id: "i", period: "2026-13", amount_cents: 1, due_at: "2026-12-01T00:00:00Z" }))).toBe(
      "data.period: expected the billed month as YYYY-MM",
    );
    expect(reason(buildEvent("account.updated", { account_id: "a" }))).toBe("data: expected at least one field to change besides account_id");
  });

  it("says what was expected where zod would only say 'Invalid input'", () => {
    expect(reason({ ...ok, data: { ...ok.data, ip: "300.1.1.1" } })).toBe("data.ip: expected an IPv4 or IPv6 address");
    expect(reason(buildEvent("account.banned", { account_id: "a", reason: "r", dedicated_ips: [{ address: "10.0.0.1:25" }] }))).toBe(
      "data.dedicated_ips.0.address: expected an IPv4 or IPv6 address",
    );
    expect(reason(buildEvent("account.created", { account_id: "a", username: "u", email: "not-an-email" }))).toBe("data.email: expected an email address");
    expect(reason(buildEvent("account.updated", { account_id: "a", locked_until: "tomorrow" }))).toBe(
      "data.locked_until: expected an RFC 3339 timestamp with a zone, e.g. 2026-11-30T08:00:00Z",
    );
  });

  it("refuses text PostgreSQL cannot store, anywhere in the event, naming where", () => {
    expect(reason({ ...ok, id: "e\u0000" })).toBe("id: contains a NUL character (U+0000) at character 2, which cannot be stored: remove it");
    expect(parseEvent({ ...ok, id: "e\u0000" }, 0)).toMatchObject({ ok: false, id: null });
    expect(reason({ ...ok, data: { ...ok.data, user_agent: "Mozilla\udc00" } })).toMatch(
      /^data\.user_agent: contains a lone surrogate \(U\+DC00\) at character 8/,
    );
    expect(reason({ ...ok, partnerext: "x\ud83d" })).toMatch(/^partnerext: contains a lone surrogate \(U\+D83D\)/);
    // A pair is one character (an emoji), not a lone surrogate.
    expect(parseEvent({ ...ok, data: { ...ok.data, user_agent: "Mozilla \ud83d\ude00" } }, 0).ok).toBe(true);
  });

  it("refuses nesting no event has, without running out of stack", () => {
    let deep: unknown = "x";
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(reason({ ...ok, data: deep })).toMatch(/^data(\.0)+: nested deeper than 32 levels/);
  });
});

it("serves a JSON Schema for every type in the catalogue", () => {
  const schema = catalogueJsonSchema() as { types: Record<string, { data: { $schema: string } }> };
  expect(Object.keys(schema.types)).toEqual(EVENT_TYPES);
  for (const type of EVENT_TYPES) expect(schema.types[type]?.data.$schema).toMatch(/json-schema\.org/);
});
