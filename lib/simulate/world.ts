// The simulated platform: a small world of accounts that lives and misbehaves the way
// real customers do, emitting the catalogue's events as it goes. Each tick asks for a
// number of events; the mix is mostly sign-ins, with the stories the console exists for
// woven in: sign-ups that are confirmed or left to expire, wrong passwords that end in a
// lockout, a teammate who changes the shared password and breaks the SMTP relay, keys
// revoked while still in use, invoices left unpaid until the account is terminated, and
// now and then a ban.
import type { z } from "zod";
import type { EVENT_CATALOGUE, EventType, LOGIN_FAILURE_REASONS } from "@/lib/ingest/catalogue";
import type { StructuredCloudEvent } from "@/lib/ingest/build-event";
import type { Random } from "./random";

/** What a sender writes in `data` (defaults not yet applied). */
export type EventInput<T extends EventType> = z.input<(typeof EVENT_CATALOGUE)[T]["schema"]>;
type FailureReason = (typeof LOGIN_FAILURE_REASONS)[number];

export type SimEvent<T extends EventType = EventType> = StructuredCloudEvent<T>;

interface SimAccount {
  id: string;
  username: string;
  email: string;
  status: "active" | "terminated" | "banned";
  lockedUntil: number | null;
  teammates: { id: string; username: string }[];
  keys: { id: string; prefix: string; revoked: boolean }[];
  integrations: { id: string; apiUser: string }[];
  unpaid: string | null;
  /** Months invoiced so far: one invoice per account and month, so the next is the month after. */
  invoicedMonths: number;
  warnings: number;
  /** Failures in a row since the last success: five lock the account. */
  failures: number;
  passwordChangedByTeammate: boolean;
}

interface PendingSignUp {
  id: string;
  username: string;
  email: string;
  dueAt: number;
  confirms: boolean;
}

const WORDS = ["orchid", "harbor", "copper", "lumen", "atlas", "juniper", "quartz", "meadow", "falcon", "ember", "tidal", "cobalt", "saffron", "willow"];
const USER_AGENTS = [
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
  "curl/8.5.0",
  "Postfix/3.8",
];
const LOCK_MS = 30 * 60_000;

export interface WorldOptions {
  random: Random;
  /** Distinguishes this run's ids and names from another run's against the same console. */
  runId: string;
  /** The CloudEvents `source` attribute. */
  source?: string;
  /** Accounts made at the start, so sign-ins have somebody to sign in. */
  initialAccounts?: number;
}

export class SimulatedPlatform {
  private readonly random: Random;
  private readonly runId: string;
  private readonly source: string;
  private readonly accounts: SimAccount[] = [];
  private readonly signUps: PendingSignUp[] = [];
  private sequence = 0;
  private records = 0;
  private pending: SimEvent[] = [];

  constructor(options: WorldOptions) {
    this.random = options.random;
    this.runId = options.runId;
    this.source = options.source ?? "/platform/simulator";
    this.pending.length = 0;
    for (let i = 0; i < (options.initialAccounts ?? 20); i++) this.createAccount(Date.now());
  }

  /** At least `count` events that happened at `now` (a story may add a few more). */
  tick(count: number, now: number): SimEvent[] {
    while (this.pending.length < count) this.step(now);
    return this.pending.splice(0, this.pending.length);
  }

  private emit<T extends EventType>(type: T, data: EventInput<T>, at: number): void {
    this.pending.push({
      specversion: "1.0",
      id: `sim-${this.runId}-${++this.sequence}`,
      source: this.source,
      type,
      time: new Date(at).toISOString(),
      datacontenttype: "application/json",
      data,
    });
  }

  private nextId(kind: string): string {
    return `${kind}_${this.runId}_${++this.records}`;
  }

  private ip(): string {
    return `203.0.113.${this.random.int(1, 254)}`;
  }

  private createAccount(at: number, fromSignUp?: PendingSignUp): SimAccount {
    const n = ++this.records;
    const username = fromSignUp?.username ?? `sim-${this.random.pick(WORDS)}-${this.runId}-${n}`;
    const account: SimAccount = {
      id: `acct_${this.runId}_${n}`,
      username,
      email: fromSignUp?.email ?? `${username}@customers.example`,
      status: "active",
      lockedUntil: null,
      teammates: [],
      keys: [],
      integrations: [],
      unpaid: null,
      invoicedMonths: 0,
      warnings: 0,
      failures: 0,
      passwordChangedByTeammate: false,
    };
    this.accounts.push(account);
    this.emit("account.created", { account_id: account.id, username, email: account.email, plan: this.random.pick(["free", "essentials", "pro"]) }, at);
    for (let i = 0; i < this.random.int(0, 3); i++) {
      const teammate = { id: this.nextId("tm"), username: `${username}-${this.random.pick(["alex", "sam", "kim", "lee"])}${i}` };
      account.teammates.push(teammate);
      this.emit(
        "teammate.added",
        {
          account_id: account.id,
          teammate_id: teammate.id,
          username: teammate.username,
          email: `${teammate.username}@customers.example`,
          level: i === 0 ? "admin" : "restricted",
          scopes: [],
        },
        at,
      );
    }
    if (this.random.chance(0.6)) {
      const key = { id: this.nextId("key"), prefix: `SG.${this.random.int(0x10000000, 0xffffffff).toString(16)}`, revoked: false };
      account.keys.push(key);
      this.emit("api_key.created", { account_id: account.id, api_key_id: key.id, name: "production", prefix: key.prefix, scopes: ["mail.send"] }, at);
    }
    if (this.random.chance(0.4)) {
      const integration = { id: this.nextId("int"), apiUser: username };
      account.integrations.push(integration);
      this.emit(
        "integration.added",
        { account_id: account.id, integration_id: integration.id, kind: "smtp_relay", name: "Postfix relay", api_user: username },
        at,
      );
    }
    return account;
  }

  private active(): SimAccount | null {
    const candidates = this.accounts.filter((a) => a.status === "active");
    return candidates.length ? this.random.pick(candidates) : null;
  }

  private attempt(
    account: SimAccount | null,
    at: number,
    outcome: "success" | "failure",
    reason?: FailureReason,
    channel: "web" | "api" | "smtp" = "web",
  ): void {
    const base = {
      account_id: account?.id ?? null,
      teammate_id: null,
      channel,
      username_tried: account?.username ?? `nobody-${this.random.int(1, 9999)}`,
      api_key_prefix: channel === "api" ? (account?.keys[0]?.prefix ?? null) : null,
      ip: this.ip(),
      user_agent: this.random.pick(USER_AGENTS),
    };
    this.emit("login.attempted", outcome === "success" ? { ...base, outcome } : { ...base, outcome, reason: reason ?? "wrong_password" }, at);
  }

  private step(now: number): void {
    // Sign-ups whose moment has come: confirmed (the account appears) or left to expire.
    const due = this.signUps.findIndex((s) => s.dueAt <= now);
    if (due >= 0) {
      const [signUp] = this.signUps.splice(due, 1);
      if (signUp?.confirms) {
        const account = this.createAccount(now, signUp);
        this.emit("signup.confirmed", { signup_id: signUp.id, account_id: account.id }, now);
      } else if (signUp) this.emit("signup.expired", { signup_id: signUp.id }, now);
      return;
    }
    const roll = this.random.next();
    const account = this.active();
    if (!account || roll < 0.02) {
      const id = this.nextId("su");
      const username = `sim-new-${this.random.pick(WORDS)}-${this.runId}-${this.records}`;
      const signUp = { id, username, email: `${username}@customers.example`, dueAt: now + this.random.int(2_000, 60_000), confirms: this.random.chance(0.7) };
      this.signUps.push(signUp);
      this.emit(
        "signup.created",
        { signup_id: id, username, email: signUp.email, ip: this.ip(), confirmation_expires_at: new Date(now + 48 * 3600_000).toISOString() },
        now,
      );
      if (this.random.chance(0.3)) this.emit("signup.confirmation_sent", { signup_id: id, expires_at: new Date(now + 48 * 3600_000).toISOString() }, now);
      return;
    }
    if (account.lockedUntil && account.lockedUntil > now) {
      this.attempt(account, now, "failure", "locked");
      return;
    }
    if (roll < 0.8) {
      // The ordinary traffic: mostly successes, with the occasional typo.
      if (this.random.chance(0.9)) {
        account.failures = 0;
        this.attempt(account, now, "success", undefined, this.random.pick(["web", "api", "smtp"] as const));
      } else this.wrongPassword(account, now);
    } else if (roll < 0.86) {
      for (let i = 0; i < 3; i++) this.wrongPassword(account, now);
    } else if (roll < 0.9 && account.teammates.length) {
      // A teammate changes the shared password: the relay and legacy API start failing.
      const teammate = this.random.pick(account.teammates);
      account.passwordChangedByTeammate = true;
      this.emit(
        "credential.changed",
        { account_id: account.id, kind: "password", teammate_id: teammate.id, ip: this.ip(), user_agent: USER_AGENTS[0] ?? null },
        now,
      );
      for (const _ of account.integrations) this.attempt(account, now, "failure", "wrong_password", "smtp");
    } else if (roll < 0.93 && account.keys.some((k) => !k.revoked)) {
      const key = account.keys.find((k) => !k.revoked);
      if (key) {
        key.revoked = true;
        this.emit("api_key.revoked", { account_id: account.id, api_key_id: key.id, revoked_by_teammate_id: account.teammates[0]?.id ?? null }, now);
        this.attempt(account, now, "failure", "bad_api_key", "api");
      }
    } else if (roll < 0.97) {
      this.billing(account, now);
    } else if (roll < 0.99) {
      this.attempt(null, now, "failure", "unknown_username");
    } else if (this.random.chance(0.2)) {
      account.status = "banned";
      this.emit(
        "account.banned",
        {
          account_id: account.id,
          reason: "Sending to purchased lists (spam complaints over 0.5%)",
          ban_email_ref: `BAN-${this.records}`,
          cascade_subusers: true,
          dedicated_ips: [],
        },
        now,
      );
      this.attempt(account, now, "failure", "banned");
    }
  }

  private wrongPassword(account: SimAccount, now: number): void {
    account.failures++;
    this.attempt(account, now, "failure", "wrong_password");
    if (account.failures >= 5) {
      account.lockedUntil = now + LOCK_MS;
      account.failures = 0;
      this.emit("account.updated", { account_id: account.id, locked_until: new Date(account.lockedUntil).toISOString() }, now);
    }
  }

  private billing(account: SimAccount, now: number): void {
    if (!account.unpaid) {
      account.unpaid = this.nextId("inv");
      const month = new Date(now);
      month.setUTCDate(1);
      month.setUTCMonth(month.getUTCMonth() + account.invoicedMonths++);
      const period = `${month.getUTCFullYear()}-${String(month.getUTCMonth() + 1).padStart(2, "0")}`;
      this.emit(
        "invoice.issued",
        {
          account_id: account.id,
          invoice_id: account.unpaid,
          period,
          amount_cents: this.random.pick([1995, 8995, 24900]),
          currency: "USD",
          due_at: new Date(now + 14 * 86_400_000).toISOString(),
        },
        now,
      );
      return;
    }
    if (this.random.chance(0.5)) {
      this.emit("invoice.paid", { account_id: account.id, invoice_id: account.unpaid }, now);
      account.unpaid = null;
      account.warnings = 0;
      return;
    }
    const kinds = ["payment_failed", "reminder", "final_notice", "termination_notice"] as const;
    const kind = kinds[Math.min(account.warnings, kinds.length - 1)] ?? "reminder";
    account.warnings++;
    this.emit("billing.warning_sent", { account_id: account.id, invoice_id: account.unpaid, kind, sent_to: account.email }, now);
    if (kind === "termination_notice") {
      account.status = "terminated";
      this.emit("account.terminated", { account_id: account.id }, now);
      this.attempt(account, now, "failure", "terminated");
    }
  }
}
