import { describe, expect, it } from "vitest";
import { ticketRef } from "@/lib/validation/common";
import { ticketRefOf } from "./ticket-ref";

describe("ticketRefOf", () => {
  // The browser's check and the actions' schema must keep the same ticket: a deep link's
  // ticket the dialog pre-fills is one the send then accepts.
  it.each(["ZD-1234", "  #4821 ", "https://acme.zendesk.com/agent/tickets/42", "a".repeat(64), "a".repeat(65), "", "   ", "ZD 1234", "ZD-1<script>", null])(
    "agrees with the actions' schema on %j",
    (raw) => {
      const parsed = ticketRef.safeParse(raw);
      expect(ticketRefOf(raw)).toBe(parsed.success ? parsed.data : null);
    },
  );
});
