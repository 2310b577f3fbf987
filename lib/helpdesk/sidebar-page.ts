import "server-only";
// POST /integrations/zendesk/sidebar: the page Zendesk loads in the ticket sidebar (the
// app's manifest points its `ticket_sidebar` location here with `signedUrls: true`, so
// Zendesk posts its signed token with every load). The page is a shell: the sidebar's
// script (integrations/zendesk/src, built into /integrations/zendesk/sidebar.js) talks to
// Zendesk through the Apps framework SDK and to the console only through Zendesk's proxy.
import { writeAudit } from "@/lib/audit/write-audit";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/prisma";
import { BodyTooLarge, readLimited } from "@/lib/http/read-limited";
import { requestMeta } from "@/lib/http/client-address";
import { openZendeskSidebar, zendeskSettings } from "./zendesk-auth";

/** A form with one JWT: a few kilobytes at most. */
const MAX_BODY = 16 * 1024;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(body: string, frameAncestor: string | null, status: number): Response {
  return new Response(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Access console</title>
<link rel="stylesheet" href="/integrations/zendesk/sidebar.css"></head><body>${body}</body></html>`,
    {
      status,
      headers: {
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        // Only the configured Zendesk may frame it; the script talks to the parent frame
        // by postMessage, so it needs no connection of its own (connect-src 'none').
        "content-security-policy": [
          "default-src 'none'",
          "script-src 'self'",
          "style-src 'self'",
          "img-src 'self' data:",
          "connect-src 'none'",
          "base-uri 'none'",
          "form-action 'none'",
          `frame-ancestors ${frameAncestor ?? "'none'"}`,
        ].join("; "),
        "referrer-policy": "no-referrer",
        "x-content-type-options": "nosniff",
      },
    },
  );
}

export async function handleZendeskSidebarRequest(db: Db, request: Request, now = new Date()): Promise<Response> {
  const settings = zendeskSettings();
  const ancestor = settings?.origin ?? null;
  const refuse = (message: string, status: number) => page(`<p role="alert" data-testid="sidebar-refused">${escapeHtml(message)}</p>`, ancestor, status);
  if (request.method !== "POST") return refuse("Open this from a Zendesk ticket: the sidebar needs Zendesk's signed request.", 405);
  let token = "";
  try {
    const form = new URLSearchParams(new TextDecoder().decode(await readLimited(request, MAX_BODY)));
    token = form.get("token") ?? "";
  } catch (error) {
    if (error instanceof BodyTooLarge) return refuse("That request is too large.", 413);
    throw error;
  }
  const opened = await openZendeskSidebar(db, token, now);
  const meta = requestMeta(request.headers);
  if (!opened.ok) {
    await writeAudit(db, {
      actor: { id: null, email: opened.zendeskUserId ? `zendesk:${opened.zendeskUserId}` : "(zendesk, unverified)" },
      action: "access.denied",
      outcome: "REFUSED",
      code: opened.code,
      reason: "zendesk sidebar",
      ...meta,
    });
    return refuse(opened.message, opened.status);
  }
  // The session is data for the script, not markup: a JSON block is never executed.
  const boot = JSON.stringify({ session: opened.session, staff: { name: opened.staff.name, role: opened.staff.role } }).replace(/</g, "\\u003c");
  return page(
    `<main id="sidebar" data-testid="sidebar" aria-live="polite"><p>Loading…</p></main>
<script type="application/json" id="sidebar-boot">${boot}</script>
<script src="/integrations/zendesk/sidebar.js"></script>`,
    ancestor,
    200,
  );
}

/** POST|GET /integrations/zendesk/sidebar: the page Zendesk frames in a ticket's sidebar (the app's own database client). */
export const serveZendeskSidebar = (request: Request) => handleZendeskSidebarRequest(getDb(), request);
