// What the dispatcher sends through: anything with nodemailer's sendMail shape, so tests
// and benchmarks can pass a transport of their own. In production: SMTP_URL.
import nodemailer from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import { config } from "@/lib/config";

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
  messageId: string;
  headers: Record<string, string>;
}

export interface EmailTransport {
  sendMail(message: OutgoingEmail): Promise<{ messageId: string }>;
  close?(): void;
}

export function emailFrom(): string {
  return config().EMAIL_FROM;
}

export interface SmtpTransportOptions {
  /** Keep connections open and reuse them (several messages per connection). Default true. */
  pool?: boolean;
  /** Parallel connections of the pool (default 5). */
  maxConnections?: number;
  /**
   * Upper bound on one send, in ms. Must stay well below the dispatcher's lease, or a
   * slow send could be taken over by another worker and sent twice. Default 60 s.
   */
  timeoutMs?: number;
}

/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://...:465` (TLS). */
export function createSmtpTransport(url: string, options: SmtpTransportOptions = {}): EmailTransport {
  const parsed = new URL(url);
  if (parsed.protocol !== "smtp:" && parsed.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${parsed.protocol}//`);
  }
  const secure = parsed.protocol === "smtps:";
  const timeout = options.timeoutMs ?? 60_000;
  const connection: SMTPTransport.Options = {
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    ...(parsed.username ? { auth: { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) } } : {}),
    connectionTimeout: Math.min(timeout, 15_000),
    greetingTimeout: Math.min(timeout, 15_000),
    socketTimeout: timeout,
  };
  const transport =
    options.pool === false
      ? nodemailer.createTransport(connection)
      : nodemailer.createTransport({ ...connection, pool: true, maxConnections: options.maxConnections ?? 5 });
  return {
    async sendMail(message) {
      const info = await transport.sendMail(message);
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
