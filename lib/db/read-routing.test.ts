// The read-your-writes window's rules. Which database each read really reaches is
// tested against a real replica in replica.int.test.ts.
import { describe, expect, it } from "vitest";
import { configFrom } from "@/lib/config";
import { isInReadYourWritesWindow, readYourWritesMs } from "./read-routing";

describe("read-your-writes window", () => {
  it("lasts 15 s unless READ_YOUR_WRITES_SECONDS says otherwise, at most 10 minutes", () => {
    expect(readYourWritesMs(configFrom({}))).toBe(15_000);
    expect(readYourWritesMs(configFrom({ READ_YOUR_WRITES_SECONDS: "" }))).toBe(15_000);
    expect(readYourWritesMs(configFrom({ READ_YOUR_WRITES_SECONDS: "30" }))).toBe(30_000);
    expect(readYourWritesMs(configFrom({ READ_YOUR_WRITES_SECONDS: "0" }))).toBe(0);
    // A day would pin browsers to the primary and quietly undo the replica: refused at start.
    for (const bad of ["86400", "-5", "1.5", "soon"]) expect(() => configFrom({ READ_YOUR_WRITES_SECONDS: bad }), bad).toThrow(/READ_YOUR_WRITES_SECONDS/);
  });

  it("sends a browser to the primary until the time its cookie names, and not after", () => {
    const now = 1_800_000_000_000;
    expect(isInReadYourWritesWindow(String(now + 1), now)).toBe(true);
    expect(isInReadYourWritesWindow(String(now), now)).toBe(false);
    expect(isInReadYourWritesWindow(String(now - 15_000), now)).toBe(false);
  });

  it("reads a missing or garbled cookie as no recent action (the replica)", () => {
    for (const value of [undefined, "", "soon", "1e20", "-1", "123abc", "9".repeat(40)]) expect(isInReadYourWritesWindow(value, 0), String(value)).toBe(false);
  });
});
