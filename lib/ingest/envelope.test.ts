// The envelope and catalogue without a database: what a sender is told, field by field.
import { describe, expect, it } from "vitest";
import { buildEvent } from "./build-event";
import { catalogueJsonSchema, EVENT_TYPES } from "./catalogue";
import { MAX_EVENT_ID_LENGTH, parseEvent, peekId, peekType, RefusedEvent, UnparsableLine } from "./envelope";

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
    expect(reason("login.attempted")).toBe("event: expected a JSON object (a CloudEvent in structured mode)");
    expect(parseEvent(null, 0)).toMatchObject({ ok: false, id: null, reason: "event: expected a JSON object (a CloudEvent in structured mode)" });
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

  it("keeps the event's id and index in what it answers, and refuses an id it could not answer with", () => {
    expect(parseEvent({ ...ok, id: "x".repeat(MAX_EVENT_ID_LENGTH) }, 7)).toMatchObject({ ok: true, event: { index: 7, id: "x".repeat(200) } });
    for (const id of ["", "x".repeat(MAX_EVENT_ID_LENGTH + 1)]) {
      expect(parseEvent({ ...ok, id }, 0)).toEqual({ ok: false, id: null, reason: "id: expected a non-empty string of at most 200 characters" });
    }
    // A refusal after the id is read names it, so the sender can match it to what was sent.
    expect(parseEvent({ ...ok, specversion: "0.3" }, 0)).toMatchObject({ ok: false, id: "e1" });
    expect(parseEvent(new RefusedEvent("event: too big", "e9"), 2)).toEqual({ ok: false, id: "e9", reason: "event: too big" });
    expect(reason(new UnparsableLine(4, "it ends too early"))).toBe("event: line 4 is not valid JSON (it ends too early)");
  });

  it("reads the type and the id before validation only when they are strings (the 403 check, oversized events)", () => {
    expect(peekType(ok)).toBe("login.attempted");
    expect(peekType({ ...ok, type: 7 })).toBeNull();
    expect(peekType([ok])).toBeNull();
    expect(peekType(null)).toBeNull();
    expect(peekId(null)).toBeNull();
    expect(peekId("e1")).toBeNull();
    expect(peekId(ok)).toBe("e1");
    expect(peekId([ok])).toBeNull();
    expect(peekId({ ...ok, id: 7 })).toBeNull();
    expect(peekId({ ...ok, id: "" })).toBeNull();
    expect(peekId({ ...ok, id: "x".repeat(201) })).toBeNull();
    expect(peekId({ ...ok, id: "e\u0000" })).toBeNull();
  });

  it("takes an event without datacontenttype, or with application/json, and needs data to be present", () => {
    const { datacontenttype: _omitted, ...bare } = ok;
    expect(parseEvent(bare, 0).ok).toBe(true);
    expect(parseEvent({ ...ok, datacontenttype: "application/json" }, 0).ok).toBe(true);
    const { data: _data, ...noData } = ok;
    expect(reason(noData)).toBe("data: required (an object; schema per type at GET /api/ingest/v1/schema)");
    expect(reason({ ...ok, datacontenttype: "text/plain" })).toBe('datacontenttype: expected "application/json" (or absent)');
  });

  it("refuses a type outside the catalogue even when it names an object's own property", () => {
    for (const type of ["toString", "constructor", "__proto__", 7])
      expect(reason({ ...ok, type })).toMatch(/^type: expected one of account\.created, .* \(see GET \/api\/ingest\/v1\/schema\)$/);
    expect(reason({ ...ok, time: 1_700_000_000 })).toBe("time: required (RFC 3339, when it happened on the platform): it orders events");
  });

  it("passes on what the CloudEvents SDK found, naming the attribute", () => {
    const { source: _source, ...noSource } = ok;
    expect(reason(noSource)).toBe("envelope: must have required property 'source' (CloudEvents 1.0)");
    expect(reason({ ...ok, time: "30/11/2026" })).toBe('time: must match format "date-time" (CloudEvents 1.0)');
    expect(reason({ ...ok, subject: 5 })).toBe("subject: must be string,null (CloudEvents 1.0)");
    expect(reason({ ...ok, "Bad-Ext": "x" })).toMatch(/^envelope: invalid extension name: Bad-Ext\n/);
    // The SDK decodes data_base64 itself, and throws a plain error when it cannot.
    expect(reason({ ...ok, data_base64: "%%%" })).toBe("envelope: Invalid character");
  });

  it("refuses a time the SDK's format check lets through but no clock has (a leap second, an offset of 25 hours)", () => {
    expect(reason({ ...ok, time: "2016-12-31T23:59:60Z" })).toBe("time: expected an RFC 3339 timestamp");
    expect(reason({ ...ok, time: "2026-11-30T08:00:00+25:00" })).toBe("time: expected an RFC 3339 timestamp");
  });

  it("names at most three data fields, separated by semicolons", () => {
    expect(reason(buildEvent("invoice.issued", {} as never))).toBe(
      "data.account_id: Invalid input: expected string, received undefined; data.invoice_id: Invalid input: expected string, received undefined; data.period: Invalid input: expected string, received undefined",
    );
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
