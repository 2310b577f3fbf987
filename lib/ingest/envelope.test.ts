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
});

it("serves a JSON Schema for every type in the catalogue", () => {
  const schema = catalogueJsonSchema() as { types: Record<string, { data: { $schema: string } }> };
  expect(Object.keys(schema.types)).toEqual(EVENT_TYPES);
  for (const type of EVENT_TYPES) expect(schema.types[type]?.data.$schema).toMatch(/json-schema\.org/);
});
