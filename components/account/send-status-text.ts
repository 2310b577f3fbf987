// The line beside the verdict once support has sent something (issue #21 item 1):
// "Reset sent 23:46 · delivered to the relay · link open until 00:46 (UTC+01:00)", in the
// agent's zone. Pure, so it is table-tested and the live component only re-renders it.
import type { EmailStatusDto } from "@/lib/model/emails";
import type { TimeFormat } from "@/lib/time/zone-time";

const SENT_WORD: Record<EmailStatusDto["kind"], string> = {
  PASSWORD_RESET: "Reset",
  USERNAME_RECOVERY: "Username reminder",
  CONFIRMATION_RESEND: "Confirmation",
};

function delivery(email: EmailStatusDto): string {
  switch (email.status) {
    case "QUEUED":
      return email.attempts > 0 ? "retrying delivery" : "queued";
    case "SENDING":
      return "sending";
    case "SENT":
      return "delivered to the relay";
    case "FAILED":
      return "not delivered";
  }
}

function link(email: EmailStatusDto, clock: (d: Date) => string): string | null {
  const l = email.link;
  if (l === null) return null;
  switch (l.state) {
    case "open":
      return `link open until ${clock(l.expiresAt)}`;
    case "used":
      return `link used ${clock(l.at)}`;
    case "expired":
      return `link expired ${clock(l.at)} unused`;
    case "cancelled":
      return `link cancelled ${clock(l.at)}`;
    case "superseded":
      return "link replaced by a newer email";
  }
}

/** True while the email or its link may still change by itself (the page keeps watching). */
export function isSettling(email: EmailStatusDto, now: Date): boolean {
  if (email.status === "QUEUED" || email.status === "SENDING") return true;
  return email.link?.state === "open" && email.link.expiresAt.getTime() > now.getTime();
}

export function sendStatusText(email: EmailStatusDto, times: TimeFormat, now: Date): string {
  // Clock times alone when it all happened today (the agent's day), with the offset once.
  const sameDay = times.date(email.createdAt) === times.date(now);
  const clock = (d: Date) => (sameDay && times.date(d) === times.date(now) ? times.clock(d) : `${times.date(d)} ${times.clock(d)}`);
  const parts = [`${SENT_WORD[email.kind]} sent ${clock(email.createdAt)}`, delivery(email), link(email, clock)].filter((p) => p !== null);
  return `${parts.join(" · ")} (${times.offset(email.createdAt)})`;
}

/** The email as the status route sends it (JSON: dates as ISO strings), back to its DTO. */
export function emailFromJson(json: unknown): EmailStatusDto | null {
  if (typeof json !== "object" || json === null || !("email" in json)) return null;
  const raw = json.email;
  if (typeof raw !== "object" || raw === null) return null;
  const e = raw as Record<string, unknown>;
  const date = (v: unknown) => (typeof v === "string" ? new Date(v) : null);
  const l = e.link as Record<string, unknown> | null;
  return {
    ...(e as unknown as EmailStatusDto),
    nextAttemptAt: date(e.nextAttemptAt) ?? new Date(0),
    sentAt: date(e.sentAt),
    createdAt: date(e.createdAt) ?? new Date(0),
    link:
      l === null ? null : ({ ...l, ...(l.expiresAt ? { expiresAt: date(l.expiresAt) } : {}), ...(l.at ? { at: date(l.at) } : {}) } as EmailStatusDto["link"]),
  };
}
