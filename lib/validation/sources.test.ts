import { describe, expect, it } from "vitest";
import { revokeSourceInput, rotateSourceInput, updateSourceInput } from "./sources";

describe("source ids in the event-source actions", () => {
  const garbled = ["0x10", "1e1", "016", " 16", "16 ", "16.0", "+16", "-16", "0", "0b10", "", "2147483648", "16abc"];

  it.each(garbled)("refuses %j instead of reading it as some other source", (raw) => {
    expect(revokeSourceInput.safeParse({ sourceId: raw }).success).toBe(false);
    expect(updateSourceInput.safeParse({ sourceId: raw, scopes: ["ingest"], allowedTypes: [] }).success).toBe(false);
  });

  it("refuses non-integers and other types", () => {
    for (const raw of [16.5, true, null, [16], { id: 16 }]) expect(revokeSourceInput.safeParse({ sourceId: raw }).success).toBe(false);
  });

  it("takes a canonical id as a form sends it (text) or as JSON sends it (number)", () => {
    expect(revokeSourceInput.parse({ sourceId: "16" })).toEqual({ sourceId: 16 });
    expect(revokeSourceInput.parse({ sourceId: 16 })).toEqual({ sourceId: 16 });
    expect(rotateSourceInput.safeParse({ sourceId: "0x10", graceHours: "2" }).success).toBe(false);
  });
});
