// An emulated Zendesk for the sidebar's e2e test: the host side of the Apps framework's
// postMessage protocol as the SDK (zendesk_app_framework_sdk, lib/client.js) speaks it
// (handshake -> zaf.app.registered; get/invoke by id; request:N answered by
// zaf.request:N.done/.fail with responseArgs), Zendesk's signed-URL page load (a form
// POST of an RS256 token into the sidebar's iframe), a ticket with a comment box, and the
// request proxy: the secure setting is substituted in Node (page.exposeFunction), the way
// Zendesk's servers do it, so the token never reaches the browser.
import { createHash, generateKeyPairSync, sign, type KeyObject, createPrivateKey } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { FrameLocator, Locator, Page } from "@playwright/test";

// The ticket page is served by a real HTTP server on loopback, not by page.route: Chromium's
// Local Network Access checks treat a page.route-fulfilled page as public (it has no
// address), and block its form post to the console on localhost
// (net::ERR_BLOCKED_BY_LOCAL_NETWORK_ACCESS_CHECKS), leaving the sidebar's frame empty.
// Its port follows the run's console port (E2E_PORT; +1000 and +2000 are taken by the
// collector and the SSO run), so concurrent runs in other checkouts do not collide.
const ZENDESK_PORT = Number(process.env.E2E_PORT ?? 3100) + 3000;
export const ZENDESK_ORIGIN = `http://127.0.0.1:${ZENDESK_PORT}`;
export const ZENDESK_AUDIENCE = `${ZENDESK_ORIGIN}/api/v2/apps/installations/1.json`;
/** The mapped agent (agent@console.example) and one nobody mapped. */
export const MAPPED_AGENT = "9001";
export const UNMAPPED_AGENT = "9002";
const INTEGRATION_TOKEN = "acs_zd_e2e-integration-token-not-for-production";
const KEYS_FILE = "e2e/.zendesk-keys.json";

/**
 * The installation's key pair, made once per checkout (the web server and every worker
 * read the same file: the config is evaluated in each of them).
 */
function keys(): { privatePem: string; publicPem: string } {
  if (!existsSync(KEYS_FILE)) {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    writeFileSync(
      KEYS_FILE,
      JSON.stringify({
        privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
        publicPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
      }),
    );
  }
  return JSON.parse(readFileSync(KEYS_FILE, "utf8")) as { privatePem: string; publicPem: string };
}

/** The console's settings for this emulated Zendesk (playwright.config.ts's web server). */
export function zendeskConsoleEnv(): Record<string, string> {
  return {
    ZENDESK_ORIGIN,
    ZENDESK_APP_AUDIENCE: ZENDESK_AUDIENCE,
    ZENDESK_APP_PUBLIC_KEY: keys().publicPem,
    ZENDESK_INTEGRATION_TOKEN_SHA256: createHash("sha256").update(INTEGRATION_TOKEN).digest("hex"),
    ZENDESK_AGENTS: `${MAPPED_AGENT}=agent@console.example`,
  };
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Zendesk's signed-URL token for this agent (or one signed with another key: a forgery). */
export function signedUrlToken(sub: string, key: KeyObject = createPrivateKey(keys().privatePem)): string {
  const now = Math.floor(Date.now() / 1000);
  const claims = {
    iss: new URL(ZENDESK_ORIGIN).host,
    aud: ZENDESK_AUDIENCE,
    sub,
    iat: now,
    exp: now + 300,
    context: { product: "support", location: "ticket_sidebar" },
  };
  const input = `${b64({ alg: "RS256", typ: "JWT" })}.${b64(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}

export function forgedKey(): KeyObject {
  return generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
}

interface ProxyRequest {
  url: string;
  type?: string;
  headers?: Record<string, string>;
  data?: string;
  secure?: boolean;
}

/** What Zendesk's proxy would do with one request: whitelisted host, secure settings filled in server-side. */
async function proxy(consoleOrigin: string, raw: string): Promise<{ ok: boolean; status: number; body: unknown; text: string }> {
  const request = JSON.parse(raw) as ProxyRequest;
  if (new URL(request.url).origin !== consoleOrigin) return { ok: false, status: 403, body: null, text: "domain not whitelisted" };
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    // Zendesk fills secure settings only in secure requests; otherwise the placeholder is sent as it is.
    headers[name] = request.secure ? value.replaceAll("{{setting.console_token}}", INTEGRATION_TOKEN) : value;
  }
  if (request.data !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(request.url, { method: request.type ?? "GET", headers, ...(request.data === undefined ? {} : { body: request.data }) });
  const text = await response.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text) as unknown;
  } catch {
    body = null;
  }
  return { ok: response.ok, status: response.status, body, text };
}

const HOST_SCRIPT = `
const boot = JSON.parse(document.getElementById("boot").textContent);
const frame = document.querySelector("iframe[name=zaf]");
const comment = document.getElementById("comment");
const reply = (data) => frame.contentWindow.postMessage(JSON.stringify(data), boot.console);
window.addEventListener("message", async (event) => {
  if (event.origin !== boot.console || event.source !== frame.contentWindow) return;
  const msg = JSON.parse(event.data);
  if (msg.key === "iframe.handshake") {
    // Secure settings are never part of what the app is handed.
    reply({ key: "zaf.app.registered", message: { context: { product: "support", location: "ticket_sidebar", ticketId: boot.ticket["ticket.id"] }, metadata: { settings: {} } } });
  } else if (msg.request === "get") {
    const result = { errors: {} };
    for (const path of msg.params) result[path] = boot.ticket[path];
    reply({ id: msg.id, result });
  } else if (msg.request === "invoke") {
    for (const [name, args] of Object.entries(msg.params)) if (name === "comment.appendText") comment.value += args[0];
    reply({ id: msg.id, result: {} });
  } else if (typeof msg.key === "string" && /^request:\\d+$/.test(msg.key)) {
    const res = await window.zafProxy(JSON.stringify(msg.message));
    reply({ key: "zaf." + msg.key + (res.ok ? ".done" : ".fail"),
      message: { responseArgs: res.ok ? [res.body, "success", { status: res.status }] : [{ status: res.status, responseText: res.text, responseJSON: res.body }] } });
  }
});
const form = document.getElementById("load");
form.action = boot.console + "/integrations/zendesk/sidebar?origin=" + encodeURIComponent(location.origin) + "&app_guid=e2e-app";
form.submit();
`;

interface TicketPage {
  console: string;
  requester: string;
  id: number;
  token: string;
}

/** The ticket page, all of it from its query (the server keeps nothing, so any worker's server answers any worker's page). */
function ticketHtml(ticket: TicketPage): string {
  const boot = JSON.stringify({ console: ticket.console, ticket: { "ticket.requester.email": ticket.requester, "ticket.id": ticket.id } }).replace(
    /</g,
    "\\u003c",
  );
  const attr = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><body><h1>Ticket #${ticket.id}</h1>
<textarea id="comment" data-testid="zendesk-comment" aria-label="Comment"></textarea>
<form id="load" method="post" target="zaf"><input type="hidden" name="token" value="${attr(ticket.token)}"></form>
<iframe name="zaf" title="Access console sidebar" width="360" height="640"></iframe>
<script type="application/json" id="boot">${boot}</script>
<script>${HOST_SCRIPT}</script></body></html>`;
}

let serving: Promise<void> | null = null;

/** Starts this worker's emulated Zendesk once; when another worker of the run already serves the port, that one answers. */
function serveZendesk(): Promise<void> {
  serving ??= new Promise<void>((resolve, reject) => {
    const server: Server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", ZENDESK_ORIGIN);
      const q = (name: string) => url.searchParams.get(name) ?? "";
      if (!/^\/agent\/tickets\/\d+$/.test(url.pathname)) {
        response.writeHead(404).end();
        return;
      }
      const html = ticketHtml({ console: q("console"), requester: q("requester"), id: Number(url.pathname.split("/").pop()), token: q("token") });
      response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" }).end(html);
    });
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve() : reject(error)));
    // Not holding the worker open at its end.
    server.listen(ZENDESK_PORT, "127.0.0.1", () => {
      server.unref();
      resolve();
    });
  });
  return serving;
}

/**
 * Opens a ticket in the emulated Zendesk: its requester and id, the sidebar loaded with
 * Zendesk's signed token for `agent`. Returns the sidebar's frame and the comment box.
 */
export async function openTicket(
  page: Page,
  consoleOrigin: string,
  ticket: { requester: string; id: number },
  token: string,
): Promise<{ sidebar: FrameLocator; comment: Locator }> {
  await serveZendesk();
  await page.exposeFunction("zafProxy", (raw: string) => proxy(consoleOrigin, raw));
  const query = new URLSearchParams({ console: consoleOrigin, requester: ticket.requester, token });
  await page.goto(`${ZENDESK_ORIGIN}/agent/tickets/${ticket.id}?${query.toString()}`);
  return { sidebar: page.frameLocator("iframe[name=zaf]"), comment: page.getByTestId("zendesk-comment") };
}
