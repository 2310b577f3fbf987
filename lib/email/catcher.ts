// The built-in SMTP catcher of embedded (demo) mode: an SMTP server on the loopback
// interface that accepts anything and keeps each message as a caught_emails row, so
// staff can read what the customer would have received. Tests use it as "the relay".
// It never relays anywhere.
//
// What it keeps has the secrets taken out: a reset link read from the demo mailbox
// would let whoever can open /mail (any agent) take over the customer's account, so
// the value of every secret-bearing link parameter is replaced by a marker before the
// message is stored. The mailbox still shows the email and the shape of its link.
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import type { AddressInfo } from "node:net";
import type { Db } from "@/lib/db/prisma";
import { log } from "@/lib/log";

export interface SmtpCatcher {
  /** `smtp://127.0.0.1:<port>`: what the dispatcher's SMTP_URL should be. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export interface SmtpCatcherOptions {
  db: Db;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Largest message accepted, in bytes (default 10 MB). */
  maxBytes?: number;
  /**
   * Keep link secrets as sent (default false). Only for tests that play the customer and
   * need the real link, e.g. to check the token against the stored hash.
   */
  keepSecrets?: boolean;
}

/** What stands in the stored message where a link's secret was. */
export const REDACTED_SECRET = "removed-by-demo-mailbox";

// Query parameters of the links the console sends (and will send) that carry a secret.
// `;` before the name covers HTML, where `&` is written `&amp;`.
const SECRET_PARAMETER = /([?&;](?:token|code|confirmation_token|confirm_token|signature|sig)=)[^&\s"'<>)\]]+/gi;

/** The message text with every secret-bearing link parameter's value replaced. */
export function redactLinkSecrets(text: string): string;
export function redactLinkSecrets(text: string | null): string | null;
export function redactLinkSecrets(text: string | null): string | null {
  return text === null ? null : text.replace(SECRET_PARAMETER, `$1${REDACTED_SECRET}`);
}

function addresses(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((a) => a.text).join(", ");
}

export async function startSmtpCatcher(options: SmtpCatcherOptions): Promise<SmtpCatcher> {
  const { db } = options;
  const keep = options.keepSecrets === true;
  const clean = (text: string | null) => (keep ? text : redactLinkSecrets(text));
  const maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
  const server = new SMTPServer({
    disabledCommands: ["AUTH", "STARTTLS"],
    authOptional: true,
    logger: false,
    banner: "access-console SMTP catcher (nothing is relayed)",
    size: maxBytes,
    closeTimeout: 2000,
    onData(stream, session, callback) {
      const envelopeTo = session.envelope.rcptTo.map((r) => r.address).join(", ");
      const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : "";
      simpleParser(stream)
        .then((mail) =>
          db.caughtEmail.create({
            data: {
              messageId: mail.messageId ?? null,
              from: addresses(mail.from) || envelopeFrom,
              to: addresses(mail.to) || envelopeTo,
              subject: mail.subject ?? "",
              text: clean(mail.text ?? null),
              html: clean(typeof mail.html === "string" ? mail.html : null),
            },
          }),
        )
        .then(
          () => callback(),
          (error: unknown) => {
            log.error("smtp catcher: could not keep a message", { error });
            // 451: a temporary failure, so the sender keeps the message and retries.
            callback(Object.assign(new Error("could not store the message, try again later"), { responseCode: 451 }));
          },
        );
    },
  });
  server.on("error", (error) => log.error("smtp catcher: server error", { error }));
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  let stopped: Promise<void> | null = null;
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    stop() {
      stopped ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return stopped;
    },
  };
}
