// The ticket sidebar: reads the ticket's requester and id from Zendesk, asks the console
// (through Zendesk's proxy only: the integration token is a secure setting the browser
// never sees) what is wrong with that customer, and offers the console's recommended
// recovery email with the ticket as its reference. Recovery emails go to the address on
// record, never to the requester. See docs/helpdesk.md.
import ZAFClient, { type ZafClient } from "zendesk_app_framework_sdk";
import {
  confirmationLines,
  consoleHref,
  errorMessage,
  offeredSends,
  relationText,
  searchHref,
  sendLabel,
  sendPath,
  type AccountAnswer,
  type Match,
  type SearchAnswer,
  type SendAction,
} from "./model";

interface Boot {
  session: string;
  staff: { name: string; role: string };
}

const root = document.getElementById("sidebar") as HTMLElement;
const boot = JSON.parse(document.getElementById("sidebar-boot")?.textContent ?? "null") as Boot | null;
const origin = window.location.origin;

/** An element with text (never HTML: every value here may come from a customer). */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  return node;
}

function show(...nodes: Node[]): void {
  root.replaceChildren(...nodes);
}

function button(label: string, testId: string, onClick: () => void, kind = "secondary"): HTMLButtonElement {
  const node = el("button", label, { type: "button", "data-testid": testId, class: kind });
  node.addEventListener("click", onClick);
  return node;
}

function link(label: string, href: string, testId: string): HTMLAnchorElement {
  return el("a", label, { href, target: "_blank", rel: "noopener noreferrer", "data-testid": testId });
}

/** A staff API call through Zendesk's proxy: `{{setting.console_token}}` is filled in by Zendesk's servers. */
function api<T>(client: ZafClient, path: string, body?: unknown): Promise<T> {
  return client.request({
    url: `${origin}${path}`,
    type: body === undefined ? "GET" : "POST",
    dataType: "json",
    cors: false,
    secure: true,
    headers: { Authorization: "Bearer {{setting.console_token}}", "X-Console-Sidebar": boot?.session ?? "" },
    ...(body === undefined ? {} : { contentType: "application/json", data: JSON.stringify(body) }),
  }) as Promise<T>;
}

async function start(client: ZafClient): Promise<void> {
  const data = await client.get(["ticket.requester.email", "ticket.id"]);
  const email = data["ticket.requester.email"];
  const id = data["ticket.id"];
  const requester = typeof email === "string" ? email : "";
  const ticket = typeof id === "number" || typeof id === "string" ? String(id) : "";
  if (!requester || !ticket) return show(el("p", "This ticket has no requester email yet."));
  show(el("p", `Looking up ${requester}…`));
  try {
    const found = await api<SearchAnswer>(client, `/api/staff/v1/search?q=${encodeURIComponent(requester)}&ticket=${encodeURIComponent(ticket)}`);
    const matches = found.matches;
    const only = matches[0];
    if (matches.length === 1 && only) return await openMatch(client, only, ticket, requester);
    if (matches.length === 0) {
      return show(
        el("p", `No customer matches ${requester}.`, { "data-testid": "sidebar-none" }),
        link("Search in the console", searchHref(origin, requester, ticket), "sidebar-search-link"),
      );
    }
    const list = el("ul", undefined, { "data-testid": "sidebar-matches" });
    for (const match of matches) {
      const item = el("li");
      item.append(
        button(`${match.username} · ${match.verdict.label}`, `sidebar-match-${match.id}`, () => void openMatch(client, match, ticket, requester)),
        el("p", relationText(match.requesterRelation).text, { class: "relation" }),
      );
      list.append(item);
    }
    show(el("p", `${matches.length} customers match ${requester}: choose one.`), list);
  } catch (failure) {
    show(el("p", errorMessage(failure), { role: "alert", "data-testid": "sidebar-error" }));
  }
}

async function openMatch(client: ZafClient, match: Match, ticket: string, requester: string): Promise<void> {
  if (match.kind !== "account") {
    return show(
      el("p", `${match.username} signed up but never confirmed: there is no account yet.`),
      link("Open in console", consoleHref(origin, match, ticket), "sidebar-open-console"),
    );
  }
  show(el("p", `Reading ${match.username}…`));
  try {
    const answer = await api<AccountAnswer>(client, `/api/staff/v1/accounts/${match.id}?ticket=${encodeURIComponent(ticket)}`);
    renderAccount(client, answer, match, ticket, requester);
  } catch (failure) {
    show(el("p", errorMessage(failure), { role: "alert", "data-testid": "sidebar-error" }));
  }
}

function renderAccount(client: ZafClient, answer: AccountAnswer, match: Match, ticket: string, requester: string): void {
  const relation = relationText(match.requesterRelation);
  const strip = el("p", answer.verdict.label, { "data-testid": "sidebar-verdict", "data-tone": answer.verdict.tone, class: `verdict ${answer.verdict.tone}` });
  const top = answer.findings[0];
  const sends = offeredSends(answer);
  const refused = answer.actions.refused[0];
  const recommended = answer.actions.recommended[0];
  const result = el("div", undefined, { role: "status", "data-testid": "sidebar-result" });
  const actions = el("div", undefined, { class: "actions" });
  actions.append(
    link("Open in console", consoleHref(origin, match, ticket), "sidebar-open-console"),
    button("Insert reply", "sidebar-insert-reply", () => {
      void client.invoke("comment.appendText", answer.reply).then(() => {
        result.replaceChildren(el("p", "The reply is in the comment box: read it before you send it."));
      });
    }),
  );
  for (const action of sends)
    actions.append(button(sendLabel(action), `sidebar-send-${action}`, () => confirm(client, answer, match, action, ticket, result), "primary"));
  show(
    el("h2", answer.account.username),
    el("p", relation.text, { class: relation.verified ? "relation" : "relation unverified", "data-testid": "sidebar-relation" }),
    strip,
    el("p", top ? top.title : "No account-side problem found.", { "data-testid": "sidebar-top-finding" }),
    el("p", recommended ? `Recommended: ${recommended.label}` : `No email can help${refused ? `: ${refused.reason}` : "."}`, {
      "data-testid": "sidebar-recommended",
    }),
    actions,
    result,
  );
  // Keeps the requester in mind: a send never goes there.
  root.dataset.requester = requester;
}

function confirm(client: ZafClient, answer: AccountAnswer, match: Match, action: SendAction, ticket: string, result: HTMLElement): void {
  const idempotencyKey = crypto.randomUUID();
  const box = el("div", undefined, { "data-testid": "sidebar-confirm", class: "confirm" });
  const lines = el("ul");
  // The agent's browser zone: the sidebar has no staff settings, and the offset is always written.
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  for (const line of confirmationLines(action, answer, match.requesterRelation, zone)) lines.append(el("li", line));
  const send = button(
    `Confirm: ${sendLabel(action).toLowerCase()}`,
    "sidebar-confirm-send",
    () => {
      send.disabled = true;
      void api<{ outcome: string }>(client, sendPath(match.id, action), { ticket, idempotencyKey }).then(
        () => result.replaceChildren(el("p", `Sent to ${answer.account.email} for ticket ${ticket}.`, { "data-testid": "sidebar-sent" })),
        (failure: unknown) => result.replaceChildren(el("p", errorMessage(failure), { role: "alert", "data-testid": "sidebar-error" })),
      );
    },
    "primary",
  );
  box.append(
    el("p", `${sendLabel(action)} for ticket ${ticket}?`),
    lines,
    send,
    button("Cancel", "sidebar-cancel", () => result.replaceChildren()),
  );
  result.replaceChildren(box);
}

const client = ZAFClient.init();
if (!client || !boot) {
  show(el("p", "Open this from a Zendesk ticket.", { role: "alert" }));
} else {
  client.on("app.registered", () => void start(client));
}
