"use client";
// The helpdesk ticket a tab is working on. A deep link (`/?q=…&ticket=…`) carries it once;
// it is kept in sessionStorage rather than threaded through every URL because
// sessionStorage is per tab (two tickets open in two tabs never mix), survives the
// redirect to the account, the back-to-results link and a reload, and is never sent to
// the server, so it appears in no request log, Referer or link the agent copies. The
// recovery dialogs read it to pre-fill their ticket field (still editable).
import { useEffect } from "react";
import { ticketRefOf } from "@/lib/model/ticket-ref";

const STORAGE_KEY = "access-console.ticket";

/** The ticket this tab remembers, or "" (also when storage is unavailable). */
export function rememberedTicket(): string {
  try {
    return window.sessionStorage.getItem(STORAGE_KEY) ?? "";
  } catch {
    return "";
  }
}

/** Remembers a valid `ticket` from the page's URL for this tab; renders nothing. */
export function TicketMemory() {
  useEffect(() => {
    // The actions' rule without zod (lib/model/ticket-ref.ts): this runs on every page.
    const ticket = ticketRefOf(new URLSearchParams(window.location.search).get("ticket"));
    if (ticket === null) return;
    try {
      window.sessionStorage.setItem(STORAGE_KEY, ticket);
    } catch {
      // Storage refused (private mode quota): the dialog's field stays empty, as before.
    }
  }, []);
  return null;
}
