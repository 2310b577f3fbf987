import { describe, expect, it } from "vitest";
import { parseEvents, type LiveEvent } from "./live-stream";

describe("parseEvents (Watch live's server-sent events)", () => {
  it("reads events split anywhere across chunks, skipping comments and retry lines", () => {
    const got: LiveEvent[] = [];
    let rest = "";
    for (const chunk of [
      "retry: 1000\n\nid: 1.2.abc\nevent: rea",
      'dy\ndata: {"endsAt":"x"}\n',
      "\n: keep-alive\n\nevent: ended\r\ndata: {}\r\n\r\nevent: attempts\ndata: [1,",
      "\ndata: 2]\n\nevent: half",
    ]) {
      rest = parseEvents(rest + chunk, (e) => got.push(e));
    }
    expect(got).toEqual([
      { id: "1.2.abc", event: "ready", data: '{"endsAt":"x"}' },
      { id: null, event: "ended", data: "{}" },
      { id: null, event: "attempts", data: "[1,\n2]" },
    ]);
    expect(rest).toBe("event: half");
  });
});
