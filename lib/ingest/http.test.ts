// The request formats without a database: how a body becomes events, and what a sender is
// told when it cannot (the message of a refused request, the reason of a refused event).
// The route's order of answers and the database's part are http*.int.test.ts.
import { describe, expect, it } from "vitest";
import { buildEvent } from "./build-event";
import { MAX_EVENT_DEPTH } from "./catalogue";
import { parseEvent } from "./envelope";
import { binaryEvent, modeOf, nestsDeeperThan, percentDecodeHeader, resultJson, splitEvents, type RequestMode, type Split } from "./http";

const event = (id: string) => buildEvent("signup.expired", { signup_id: "s1" }, { id, time: "2026-11-30T08:00:00Z" });
const KIB = 1024;

/** What the sender reads per event: "ok", or the rejection's reason. */
function outcomes(split: Split): string[] {
  if (!split.ok) throw new Error(`expected events, got ${split.status} ${split.message}`);
  return split.events.map((raw, i) => {
    const parsed = parseEvent(raw, i);
    return parsed.ok ? "ok" : parsed.reason;
  });
}

/** A structured event whose compact JSON is exactly `bytes` long (padding in an extension attribute). */
function eventOfBytes(id: string, bytes: number): Record<string, unknown> {
  const base = { ...event(id), padding: "" };
  return { ...base, padding: "p".repeat(bytes - JSON.stringify(base).length) };
}

const nested = (levels: number) => "[".repeat(levels) + "]".repeat(levels);
const nestedObjects = (levels: number) => '{"a":'.repeat(levels - 1) + "{}" + "}".repeat(levels - 1);

function request(headers: Record<string, string>): Request {
  return new Request("http://console.test/api/ingest/v1/events", { method: "POST", headers });
}

describe("modeOf: the content type says the format", () => {
  it("the three structured types, whatever the case, spacing and parameters", () => {
    expect(modeOf(request({ "content-type": "application/cloudevents+json; charset=utf-8" }))).toEqual({ kind: "application/cloudevents+json" });
    expect(modeOf(request({ "content-type": " Application/CloudEvents-Batch+JSON " }))).toEqual({ kind: "application/cloudevents-batch+json" });
    expect(modeOf(request({ "content-type": "application/x-ndjson" }))).toEqual({ kind: "application/x-ndjson" });
    expect(modeOf(request({ "content-type": "application/cloudevents+json ; charset=utf-8" }))).toEqual({ kind: "application/cloudevents+json" });
  });

  it("anything else is binary mode only with a ce-specversion header", () => {
    expect(modeOf(request({ "content-type": "application/json" }))).toBeNull();
    expect(modeOf(request({}))).toBeNull();
    expect(modeOf(request({ "content-type": "application/json", "ce-specversion": "1.0" }))).toEqual({
      kind: "binary",
      mediaType: "application/json",
      charset: null,
    });
    expect(modeOf(request({ "ce-specversion": "1.0" }))).toEqual({ kind: "binary", mediaType: null, charset: null });
  });

  it("binary mode reads the charset among the parameters, quoted or not", () => {
    const mode = (contentType: string) => modeOf(request({ "content-type": contentType, "ce-specversion": "1.0" }));
    expect(mode('Text/Plain; format=flowed; Charset="ISO-8859-1"')).toEqual({ kind: "binary", mediaType: "text/plain", charset: "iso-8859-1" });
    expect(mode("application/json;charset=utf-8")).toEqual({ kind: "binary", mediaType: "application/json", charset: "utf-8" });
    expect(mode("application/json; format=charset")).toEqual({ kind: "binary", mediaType: "application/json", charset: null });
  });
});

describe("nestsDeeperThan: a scan of the text before parsing", () => {
  it("counts arrays and objects, closing ones included", () => {
    expect(nestsDeeperThan(nested(3), 3)).toBe(false);
    expect(nestsDeeperThan(nested(4), 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":{}}}', 3)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":{"c":{}}}}', 3)).toBe(true);
    // Siblings do not add up: depth goes down at each closing bracket.
    expect(nestsDeeperThan("[[],[],[],[]]", 2)).toBe(false);
    expect(nestsDeeperThan("[{},{},{},{}]", 2)).toBe(false);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(nestsDeeperThan('["[[[[", "{{{{"]', 1)).toBe(false);
    expect(nestsDeeperThan('["a\\"[[[[", "\\\\", [[]]]', 2)).toBe(true);
    expect(nestsDeeperThan('["a\\"[[[["]', 1)).toBe(false);
  });
});

describe("splitEvents: NDJSON", () => {
  const split = (text: string) => splitEvents("application/x-ndjson", text);

  it("one event per line; blank lines count in the line numbers answered", () => {
    const result = split([JSON.stringify(event("n1")), "", "  ", JSON.stringify(event("n2")), ""].join("\n"));
    expect(result).toMatchObject({ ok: true, lines: [1, 4] });
    expect(outcomes(result)).toEqual(["ok", "ok"]);
  });

  it("a line that is not JSON is that event's rejection, saying where the parser stopped", () => {
    const lines = ["{not json", '{"id":', "xyz", '"abc', '{"a":1}x', '{"a":"b", x}', JSON.stringify(event("n3"))];
    expect(outcomes(split(lines.join("\n")))).toEqual([
      "event: line 1 is not valid JSON (Expected property name or '}' at column 2)",
      "event: line 2 is not valid JSON (it ends too early)",
      "event: line 3 is not valid JSON (Unexpected token 'x')",
      "event: line 4 is not valid JSON (Unterminated string at column 5)",
      // A message V8 words differently is left out rather than echoing the input.
      "event: line 5 is not valid JSON",
      "event: line 6 is not valid JSON (Expected double-quoted property name at column 11)",
      "ok",
    ]);
  });

  it("a line over 32 KiB (in UTF-8 bytes) or nested too deep is refused alone, by its line", () => {
    const atLimit = JSON.stringify(eventOfBytes("n4", 32 * KIB));
    const over = JSON.stringify(eventOfBytes("n5", 32 * KIB + 1));
    // 11,000 characters, 33,000 bytes.
    const wide = JSON.stringify({ ...event("n6"), padding: "€".repeat(11_000) });
    expect(outcomes(split([atLimit, over, wide, nested(MAX_EVENT_DEPTH), nested(MAX_EVENT_DEPTH + 1)].join("\n")))).toEqual([
      "ok",
      "event: 32769 bytes, over the 32 KiB limit for one event: split its data or send less per event",
      expect.stringMatching(/^event: 33\d{3} bytes, over the 32 KiB limit/),
      "event: expected a JSON object (a CloudEvent in structured mode)",
      "event: line 5 nests JSON deeper than 32 levels: not an event",
    ]);
  });

  it("at most 1,000 events: 1,001 refuse the request, blank lines not counted", () => {
    const lines = (n: number) => Array.from({ length: n }, () => "{}").join("\n\n");
    const thousand = split(lines(1000));
    expect(thousand.ok && thousand.events.length).toBe(1000);
    expect(thousand.ok && thousand.lines?.at(-1)).toBe(1999);
    expect(split(lines(1001))).toEqual({ ok: false, status: 413, message: "1001 events in one request: send at most 1000 per request" });
  });
});

describe("splitEvents: one event, or a batch", () => {
  it("one event: an object, not an array; over 32 KiB it is refused with its id", () => {
    const one = splitEvents("application/cloudevents+json", JSON.stringify(event("s1")));
    expect(one).toEqual({ ok: true, events: [event("s1")], lines: null });
    expect(splitEvents("application/cloudevents+json", JSON.stringify([event("s1")]))).toEqual({
      ok: false,
      status: 400,
      message: "an array needs Content-Type: application/cloudevents-batch+json",
    });
    expect(outcomes(splitEvents("application/cloudevents+json", JSON.stringify(eventOfBytes("s2", 32 * KIB))))).toEqual(["ok"]);
    const over = splitEvents("application/cloudevents+json", JSON.stringify(eventOfBytes("s3", 32 * KIB + 1)));
    expect(over.ok && parseEvent(over.events[0], 0)).toEqual({
      ok: false,
      id: "s3",
      reason: "event: 32769 bytes, over the 32 KiB limit for one event: split its data or send less per event",
    });
  });

  it("a batch: an array; each event over 32 KiB (measured compact) is refused alone, with its id", () => {
    expect(splitEvents("application/cloudevents-batch+json", JSON.stringify(event("b0")))).toEqual({
      ok: false,
      status: 400,
      message: "application/cloudevents-batch+json expects a JSON array of events",
    });
    // Indented, the first event is over 32 KiB as sent, but not as it could have been sent.
    const text = JSON.stringify([eventOfBytes("b1", 32 * KIB), eventOfBytes("b2", 32 * KIB + 1), event("b3")], null, 2);
    const result = splitEvents("application/cloudevents-batch+json", text);
    expect(result).toMatchObject({ ok: true, lines: null });
    expect(result.ok && result.events.map((e, i) => parseEvent(e, i))).toMatchObject([
      { ok: true },
      { ok: false, id: "b2", reason: expect.stringMatching(/^event: 32769 bytes, over the 32 KiB limit/) as string },
      { ok: true },
    ]);
  });

  it("a batch of at most 1,000 events", () => {
    const batch = (n: number) => JSON.stringify(Array.from({ length: n }, () => ({})));
    expect(splitEvents("application/cloudevents-batch+json", batch(1000))).toMatchObject({ ok: true });
    expect(splitEvents("application/cloudevents-batch+json", batch(1001))).toEqual({
      ok: false,
      status: 413,
      message: "1001 events in one request: send at most 1000 per request",
    });
  });

  it("a body that is not JSON, or nested deeper than an event (one level more for a batch's array), is a 400", () => {
    expect(splitEvents("application/cloudevents+json", "{oops")).toEqual({ ok: false, status: 400, message: "the body is not valid JSON" });
    expect(splitEvents("application/cloudevents+json", nestedObjects(MAX_EVENT_DEPTH))).toMatchObject({ ok: true });
    expect(splitEvents("application/cloudevents+json", nestedObjects(MAX_EVENT_DEPTH + 1))).toEqual({
      ok: false,
      status: 400,
      message: "the body nests JSON deeper than 32 levels: an event is a flat CloudEvent (see GET /api/ingest/v1/schema)",
    });
    expect(splitEvents("application/cloudevents-batch+json", nested(MAX_EVENT_DEPTH + 1))).toMatchObject({ ok: true });
    expect(splitEvents("application/cloudevents-batch+json", nested(MAX_EVENT_DEPTH + 2))).toMatchObject({
      ok: false,
      status: 400,
      message: expect.stringMatching(/^the body nests JSON deeper than 33 levels/) as string,
    });
  });
});

describe("percentDecodeHeader: ce- header values (HTTP binding 3.1.3.2)", () => {
  it("decodes %XX as UTF-8 bytes, in either case", () => {
    expect(percentDecodeHeader("%2Fplatform%20eu")).toBe("/platform eu");
    expect(percentDecodeHeader("caf%c3%a9")).toBe("café");
    expect(percentDecodeHeader("plain")).toBe("plain");
  });

  it("keeps a % not followed by two hex digits, as the official SDK sends values unencoded", () => {
    expect(percentDecodeHeader("100%")).toBe("100%");
    expect(percentDecodeHeader("%4")).toBe("%4");
    expect(percentDecodeHeader("%zz%2")).toBe("%zz%2");
    expect(percentDecodeHeader("%%41")).toBe("%A");
  });

  it("takes raw octets as bytes, and refuses what is not UTF-8", () => {
    expect(percentDecodeHeader("caf\u00c3\u00a9")).toBe("café");
    expect(percentDecodeHeader("caf\u00e9")).toBeNull();
    expect(percentDecodeHeader("%FF")).toBeNull();
    expect(percentDecodeHeader("\u20ac")).toBeNull();
    // Not an octet: refused, not cut to its low byte (0x41, "A").
    expect(percentDecodeHeader("\u0141")).toBeNull();
  });
});

describe("binaryEvent: attributes from ce- headers, data from the body", () => {
  const json: Extract<RequestMode, { kind: "binary" }> = { kind: "binary", mediaType: "application/json", charset: null };
  const ce = { "ce-specversion": "1.0", "ce-id": "bin1", "ce-source": "%2Fplatform", "ce-type": "signup.expired", "ce-time": "2026-11-30T08:00:00Z" };
  const headers = (extra: Record<string, string> = {}) => new Headers({ authorization: "Bearer t", "content-type": "application/json", ...ce, ...extra });

  it("builds the event from the ce- headers only, decoded, with the body as data", () => {
    const result = binaryEvent(headers(), json, '{"signup_id":"s1"}');
    expect(result).toEqual({
      ok: true,
      lines: null,
      events: [
        {
          specversion: "1.0",
          id: "bin1",
          source: "/platform",
          type: "signup.expired",
          time: "2026-11-30T08:00:00Z",
          datacontenttype: "application/json",
          data: { signup_id: "s1" },
        },
      ],
    });
    expect(outcomes(result)).toEqual(["ok"]);
  });

  it("without a Content-Type the body is still JSON data, and no datacontenttype is made up", () => {
    const result = binaryEvent(headers(), { kind: "binary", mediaType: null, charset: null }, '{"signup_id":"s1"}');
    expect(result.ok && result.events[0]).not.toHaveProperty("datacontenttype");
    expect(outcomes(result)).toEqual(["ok"]);
  });

  it("an empty body is no data; another media type's body is text data, refused for its type", () => {
    expect(outcomes(binaryEvent(headers(), json, ""))).toEqual(["data: required (an object; schema per type at GET /api/ingest/v1/schema)"]);
    const text = binaryEvent(headers(), { kind: "binary", mediaType: "text/plain", charset: "utf-8" }, "{not json");
    expect(text.ok && text.events[0]).toMatchObject({ datacontenttype: "text/plain", data: "{not json" });
    expect(outcomes(text)).toEqual(['datacontenttype: expected "application/json" (or absent)']);
  });

  it("refuses data or its media type sent as ce- headers, naming the attribute", () => {
    expect(outcomes(binaryEvent(headers({ "ce-data": "{}" }), json, ""))).toEqual([
      "data: not sent as a ce- header in binary mode (the body is data, Content-Type its media type)",
    ]);
    expect(outcomes(binaryEvent(headers({ "ce-datacontenttype": "application/json" }), json, "{}"))[0]).toMatch(/^datacontenttype: not sent as a ce- header/);
  });

  it("refuses a header that is not UTF-8 once decoded, and a body in another charset, keeping the id", () => {
    expect(outcomes(binaryEvent(headers({ "ce-subject": "%C3%28" }), json, "{}"))).toEqual([
      "subject: the ce-subject header is not UTF-8 once percent-decoded (CloudEvents HTTP binding 3.1.3.2)",
    ]);
    const latin1 = binaryEvent(headers(), { kind: "binary", mediaType: "application/json", charset: "iso-8859-1" }, "{}");
    expect(latin1.ok && parseEvent(latin1.events[0], 0)).toEqual({
      ok: false,
      id: "bin1",
      reason: "datacontenttype: charset=iso-8859-1: send the body as UTF-8",
    });
    expect(outcomes(binaryEvent(headers(), { ...json, charset: "utf-8" }, '{"signup_id":"s1"}'))).toEqual(["ok"]);
  });

  it("a body that is not JSON, or nested deeper than an event's data can be, refuses the request", () => {
    expect(binaryEvent(headers(), json, "{oops")).toEqual({
      ok: false,
      status: 400,
      message: "the body is not valid JSON (binary mode: the body is the event's data, Content-Type: application/json)",
    });
    expect(binaryEvent(headers(), json, nested(MAX_EVENT_DEPTH - 1))).toMatchObject({ ok: true });
    expect(binaryEvent(headers(), json, nested(MAX_EVENT_DEPTH))).toEqual({
      ok: false,
      status: 400,
      message: "the body (the event's data) nests JSON deeper than 31 levels: an event is a flat CloudEvent (see GET /api/ingest/v1/schema)",
    });
  });

  it("an event over 32 KiB, headers and body together, is refused with its id", () => {
    const data = '{"signup_id":"s1"}';
    const padded = (chars: number) => headers({ "ce-padding": "p".repeat(chars) });
    const unpadded = binaryEvent(padded(0), json, data);
    const fits = 32 * KIB - JSON.stringify(unpadded.ok && unpadded.events[0]).length;
    expect(outcomes(binaryEvent(padded(fits), json, data))).toEqual(["ok"]);
    const over = binaryEvent(padded(fits + 1), json, data);
    expect(over.ok && parseEvent(over.events[0], 0)).toEqual({
      ok: false,
      id: "bin1",
      reason: "event: 32769 bytes, over the 32 KiB limit for one event: split its data or send less per event",
    });
  });
});

describe("resultJson: one event's member of the answer, as the sender reads it", () => {
  it("the index, the NDJSON line when there is one, and per status its effect or reason", () => {
    const sent = (...args: Parameters<typeof resultJson>) => JSON.stringify(resultJson(...args));
    expect(sent({ index: 2, id: "a", status: "accepted", effect: "applied" }, undefined)).toBe('{"index":2,"id":"a","status":"accepted","effect":"applied"}');
    expect(sent({ index: 2, id: "a", status: "accepted", effect: "superseded", reason: "r" }, 5)).toBe(
      '{"index":2,"line":5,"id":"a","status":"accepted","effect":"superseded","reason":"r"}',
    );
    expect(sent({ index: 0, id: "d", status: "duplicate" }, 1)).toBe('{"index":0,"line":1,"id":"d","status":"duplicate"}');
    expect(sent({ index: 1, id: null, status: "rejected", reason: "why" }, undefined)).toBe('{"index":1,"id":null,"status":"rejected","reason":"why"}');
  });
});
