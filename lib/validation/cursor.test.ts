import { z } from "zod";
import { describe, expect, it } from "vitest";
import { cursorCodec } from "./cursor";

const codec = cursorCodec(z.object({ at: z.iso.datetime(), id: z.string().regex(/^\d{1,20}$/) }));

describe("cursorCodec", () => {
  it("round-trips a position through a URL-safe string", () => {
    const value = { at: "2026-11-30T04:00:00.000Z", id: "9007199254740993" };
    const raw = codec.encode(value);
    expect(raw).toMatch(/^[\w-]+$/);
    expect(codec.decode(raw)).toEqual(value);
  });

  it.each([
    ["missing", undefined],
    ["empty", ""],
    ["not base64url", "a+b/c=="],
    ["not JSON", Buffer.from("nope").toString("base64url")],
    ["the wrong shape", Buffer.from(JSON.stringify({ at: "yesterday", id: "1" })).toString("base64url")],
    ["too long", "a".repeat(400)],
  ])("reads a %s cursor as no cursor (the first page)", (_label, raw) => {
    expect(codec.decode(raw)).toBeNull();
  });
});
