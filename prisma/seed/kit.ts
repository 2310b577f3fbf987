// What every scenario builder (./scenarios/) uses: the public types, the deterministic
// random source, the account every scenario starts from, and the steps scenarios are
// made of (history, wrong passwords, invoices, termination, ban, lockout). A new
// scenario is a file in ./scenarios/ that composes these, plus its name in SCENARIOS and
// its line in ./factories.ts.
import type { Prisma } from "../../lib/generated/prisma/client";
import type { Db, Tx } from "../../lib/db/prisma";

/** A client or the client inside `$transaction`: the factories work with either. */
export type SeedClient = Db | Tx;
import { addUtcMonths, lastWeekOfUtcMonth, startOfUtcMonth } from "../../lib/diagnosis/time";
import { after, ago, DAY, HOUR, MINUTE, minDate } from "./time";

export const SCENARIOS = [
  "unconfirmed", // case 1
  "unified_login", // case 2
  "credentials_changed", // case 3
  "forgotten_password", // case 4
  "forgotten_username", // case 5
  "bad_api_credentials", // case 6
  "terminated", // case 7
  "banned", // case 8
  "banned_subuser", // case 8b
  "healthy", // case 9
  "at_risk_nonpayment", // before case 7: unpaid, warned, not yet terminated
  "locked", // temporary lockout after repeated failures
  // Combinations: the console must rank several findings at once.
  "banned_with_wrong_password",
  "credentials_changed_then_locked",
  "at_risk_with_forgotten_password",
] as const;

export type Scenario = (typeof SCENARIOS)[number];

export interface SeedAccountOptions {
  scenario: Scenario;
  now: Date;
  username?: string;
  email?: string;
  /** Months of ordinary history before the scenario's events (default 6). */
  historyMonths?: number;
  /** Paid plan (invoices each month). Billing scenarios force a paid plan. */
  plan?: string;
  /**
   * How long a lockout lasts from `now` (default 20 minutes, like the platform). The
   * demo seed passes days so a long-lived demo database still shows the finding.
   */
  lockedForMs?: number;
  /**
   * No teammates besides the owner, with password integrations: the single shared
   * login the help article warns about (the permissions audit flags it).
   */
  sharedLogin?: boolean;
}

export interface SeededAccount {
  scenario: Scenario;
  username: string;
  email: string;
  /** null only for `unconfirmed`: the platform creates the account on confirmation. */
  accountId: number | null;
  signUpId: number;
  /** For `banned_subuser`: the banned parent. */
  parentAccountId: number | null;
  subuserIds: number[];
  teammateIds: number[];
  ownerTeammateId: number | null;
  apiKeyIds: number[];
  integrationIds: number[];
  dedicatedIpIds: number[];
  invoiceIds: number[];
  banId: number | null;
  /** The IP the account's people usually sign in from (case 5 matches on it). */
  usualIp: string | null;
}

// ------------------------------------------------------------------ determinism

/** mulberry32: tiny, fast and good enough to vary seed data reproducibly. */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function hashString(value: string): number {
  let h = 2166136261;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return h >>> 0;
}

export type Rng = () => number;

export function int(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}

export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function token(rng: Rng, length: number): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALNUM[Math.floor(rng() * ALNUM.length)] ?? "x";
  return out;
}

// Documentation address ranges (RFC 5737) so no seed IP is anybody's real address.
export function officeIp(rng: Rng): string {
  return `203.0.113.${int(rng, 1, 254)}`;
}
export function serverIp(rng: Rng): string {
  return `198.51.100.${int(rng, 1, 254)}`;
}
export function strangerIp(rng: Rng): string {
  return `192.0.2.${int(rng, 1, 254)}`;
}

export const BROWSERS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
] as const;
export const API_CLIENTS = ["sendgrid-python/6.11.0", "sendgrid-nodejs/8.1.4", "sendgrid-php/8.1.2", "curl/8.5.0"] as const;
export const SMTP_CLIENTS = ["Postfix", "nodemailer/6.9.16", "PHPMailer 6.9.3"] as const;

export const TEAMMATE_NAMES = ["alex", "sam", "jordan", "casey", "morgan", "riley", "taylor", "jamie", "robin", "drew"] as const;

export const RESTRICTED_SCOPES = [
  ["mail.send", "stats.read"],
  ["templates.read", "templates.update", "mail.send"],
  ["marketing.read", "marketing.send"],
  ["suppression.read", "suppression.update"],
] as const;

// ------------------------------------------------------------------ building blocks

export interface TeammateInfo {
  id: number;
  username: string;
  email: string;
  level: Prisma.TeammateCreateManyInput["level"];
  ip: string;
  userAgent: string;
}

/** Everything the scenario steps need about the account being built. */
export interface Ctx {
  tx: SeedClient;
  now: Date;
  rng: Rng;
  accountId: number;
  username: string;
  email: string;
  usualIp: string;
  owner: TeammateInfo;
  teammates: TeammateInfo[];
  activeKeyPrefix: string;
  /** The account's plan: a paid one is billed every month. */
  plan: string;
  attempts: Prisma.LoginAttemptCreateManyInput[];
  result: SeededAccount;
}

// The lower-cased copies of lookup columns (`*Lower`), filled the one way the console
// searches them: exact matches compare lower-cased values.
export function lookupKey(value: string): string {
  return value.toLowerCase();
}

/** A username and email with their lookup columns, for accounts, teammates and sign-ups. */
export function identity(username: string, email: string) {
  return { username, usernameLower: lookupKey(username), email, emailLower: lookupKey(email) };
}

export function emailDomain(email: string): string {
  return email.slice(email.indexOf("@") + 1) || "example.com";
}

export function defaultEmail(username: string): string {
  return `${username.toLowerCase().replace(/[^a-z0-9._-]/g, "")}@customer.example`;
}

export async function createSignUp(
  tx: SeedClient,
  input: { username: string; email: string; createdAt: Date; ip: string; accountId: number | null; confirmedAt: Date | null },
): Promise<number> {
  const signUp = await tx.signUp.create({
    data: {
      ...identity(input.username, input.email),
      createdAt: input.createdAt,
      ip: input.ip,
      confirmationsSent: 1,
      lastConfirmationSentAt: input.createdAt,
      confirmationExpiresAt: after(input.createdAt, 2 * DAY),
      confirmedAt: input.confirmedAt,
      accountId: input.accountId,
    },
    select: { id: true },
  });
  return signUp.id;
}

export interface BaseOptions {
  username: string;
  email: string;
  now: Date;
  rng: Rng;
  historyMonths: number;
  plan: string;
  loginMethod?: "PASSWORD" | "UNIFIED_LOGIN";
  parentId?: number;
  /** Minimum teammates besides the owner (scenarios that need "another teammate"). */
  minTeammates?: number;
  hasIntegrations?: boolean;
  hasDedicatedIps?: boolean;
  sharedLogin?: boolean;
}

/** The account with its sign-up, teammates, keys, integrations, invoices and IPs. */
export async function createBaseAccount(tx: SeedClient, o: BaseOptions, scenario: Scenario): Promise<Ctx> {
  const { rng, now } = o;
  const createdAt = ago(o.historyMonths * 30 * DAY + int(rng, 1, 20) * DAY, now);
  const confirmedAt = after(createdAt, int(rng, 2, 90) * MINUTE);
  const usualIp = officeIp(rng);
  const account = await tx.account.create({
    data: {
      ...identity(o.username, o.email),
      loginMethod: o.loginMethod ?? "PASSWORD",
      unifiedLoginId: o.loginMethod === "UNIFIED_LOGIN" ? `US${token(rng, 30).toLowerCase()}` : null,
      plan: o.plan,
      createdAt,
      confirmedAt,
      passwordChangedAt: confirmedAt,
      parentId: o.parentId ?? null,
    },
    select: { id: true },
  });
  const signUpId = await createSignUp(tx, {
    username: o.username,
    email: o.email,
    createdAt,
    ip: usualIp,
    accountId: account.id,
    confirmedAt,
  });

  // Teammates: the owner signs in with the account username; the others have their
  // own logins with varied levels, which is what case 3's advice points at.
  const domain = emailDomain(o.email);
  const extra = o.sharedLogin ? 0 : Math.max(o.minTeammates ?? 0, int(rng, 1, 4));
  const levels = ["ADMIN", "RESTRICTED", "READ_ONLY", "BILLING", "RESTRICTED"] as const;
  const teammateRows: Prisma.TeammateCreateManyInput[] = [
    {
      accountId: account.id,
      ...identity(o.username, o.email),
      level: "OWNER",
      scopes: [],
      createdAt: confirmedAt,
    },
  ];
  const usedNames = new Set<string>();
  for (let i = 0; i < extra; i++) {
    let name: string = pick(rng, TEAMMATE_NAMES);
    while (usedNames.has(name)) name = `${pick(rng, TEAMMATE_NAMES)}${int(rng, 2, 99)}`;
    usedNames.add(name);
    const level = levels[i % levels.length] ?? "READ_ONLY";
    const username = `${o.username}-${name}`;
    const email = `${name}@${domain}`;
    teammateRows.push({
      accountId: account.id,
      ...identity(username, email),
      level,
      scopes: level === "RESTRICTED" ? [...pick(rng, RESTRICTED_SCOPES)] : [],
      createdAt: after(confirmedAt, int(rng, 1, 60) * DAY),
    });
  }
  const created = await tx.teammate.createManyAndReturn({
    data: teammateRows,
    select: { id: true, username: true, email: true, level: true },
  });
  const teammates: TeammateInfo[] = created.map((t, i) => ({
    ...t,
    // Most people work from the office; some from elsewhere.
    ip: i === 0 || rng() < 0.6 ? usualIp : officeIp(rng),
    userAgent: pick(rng, BROWSERS),
  }));
  const owner = teammates[0];
  if (!owner) throw new Error("owner teammate was not created");

  // API keys: one in production use, sometimes an older revoked one.
  const activePrefix = `SG.${token(rng, 8)}`;
  const keyRows: Prisma.ApiKeyCreateManyInput[] = [
    {
      accountId: account.id,
      name: "production",
      prefix: activePrefix,
      scopes: ["mail.send"],
      createdAt: after(confirmedAt, 1 * DAY),
      lastUsedAt: ago(int(rng, 1, 48) * HOUR, now),
      createdById: owner.id,
    },
  ];
  if (rng() < 0.5) {
    const revoker = pick(rng, teammates);
    keyRows.push({
      accountId: account.id,
      name: "old staging key",
      prefix: `SG.${token(rng, 8)}`,
      scopes: ["mail.send", "stats.read"],
      createdAt: after(confirmedAt, 2 * DAY),
      lastUsedAt: after(confirmedAt, 40 * DAY),
      createdById: owner.id,
      revokedAt: after(confirmedAt, 45 * DAY),
      revokedById: revoker.id,
    });
  }
  const keys = await tx.apiKey.createManyAndReturn({ data: keyRows, select: { id: true } });

  const integrationRows: Prisma.PasswordIntegrationCreateManyInput[] = [];
  if (o.sharedLogin || (o.hasIntegrations ?? rng() < 0.6)) {
    integrationRows.push({
      accountId: account.id,
      kind: "SMTP_RELAY",
      name: pick(rng, ["Postfix relay (mail01)", "WordPress SMTP plugin", "Helpdesk notifications"]),
      apiUser: o.username,
      apiUserLower: lookupKey(o.username),
      createdAt: after(confirmedAt, 3 * DAY),
      lastUsedAt: ago(int(rng, 1, 12) * HOUR, now),
    });
    if (rng() < 0.6) {
      integrationRows.push({
        accountId: account.id,
        kind: "LEGACY_API",
        name: "Legacy v2 mail.send (billing system)",
        apiUser: o.username,
        apiUserLower: lookupKey(o.username),
        createdAt: after(confirmedAt, 5 * DAY),
        lastUsedAt: ago(int(rng, 1, 30) * HOUR, now),
      });
    }
  }
  const integrations = integrationRows.length ? await tx.passwordIntegration.createManyAndReturn({ data: integrationRows, select: { id: true } }) : [];

  const ipIds: number[] = [];
  if (o.hasDedicatedIps ?? (o.plan !== "free" && rng() < 0.4)) {
    const ips = await tx.dedicatedIp.createManyAndReturn({
      data: [1, 2].map((n) => ({
        accountId: account.id,
        address: `198.18.${int(rng, 0, 255)}.${n * 10 + int(rng, 0, 9)}`,
        assignedAt: after(confirmedAt, (10 + n) * DAY),
      })),
      select: { id: true },
    });
    ipIds.push(...ips.map((i) => i.id));
  }

  await tx.credentialChange.createMany({
    data: [
      {
        accountId: account.id,
        kind: "API_KEY_CREATED",
        teammateId: owner.id,
        actorLabel: owner.username,
        ip: usualIp,
        userAgent: owner.userAgent,
        detail: `key ${activePrefix} "production"`,
        occurredAt: after(confirmedAt, 1 * DAY),
      },
    ],
  });

  const result: SeededAccount = {
    scenario,
    username: o.username,
    email: o.email,
    accountId: account.id,
    signUpId,
    parentAccountId: null,
    subuserIds: [],
    teammateIds: teammates.map((t) => t.id),
    ownerTeammateId: owner.id,
    apiKeyIds: keys.map((k) => k.id),
    integrationIds: integrations.map((i) => i.id),
    dedicatedIpIds: ipIds,
    invoiceIds: [],
    banId: null,
    usualIp,
  };
  return {
    tx,
    now,
    rng,
    accountId: account.id,
    username: o.username,
    email: o.email,
    usualIp,
    owner,
    teammates,
    activeKeyPrefix: activePrefix,
    plan: o.plan,
    attempts: [],
    result,
  };
}

/**
 * Ordinary use between the account's creation and `until`: web sign-ins by teammates,
 * API calls with the production key and SMTP relay logins, plus the odd typo.
 */
export function addHistory(ctx: Ctx, from: Date, until: Date, options: { smtp: boolean; web?: boolean } = { smtp: true }): void {
  const { rng } = ctx;
  const webUsers = ctx.teammates;
  const apiIp = serverIp(rng);
  const apiAgent = pick(rng, API_CLIENTS);
  const smtpAgent = pick(rng, SMTP_CLIENTS);
  for (let t = from.getTime() + DAY; t < until.getTime(); t += DAY) {
    const day = new Date(t);
    if (options.web !== false && rng() < 0.45) {
      const who = pick(rng, webUsers);
      const at = after(day, int(rng, 7, 19) * HOUR + int(rng, 0, 59) * MINUTE);
      if (at < until) {
        if (rng() < 0.05) {
          // An everyday typo, followed by the right password.
          ctx.attempts.push(
            attempt(ctx, {
              teammateId: who.id,
              channel: "WEB",
              outcome: "FAILURE",
              reason: "WRONG_PASSWORD",
              usernameTried: who.username,
              ip: who.ip,
              userAgent: who.userAgent,
              occurredAt: at,
            }),
          );
        }
        ctx.attempts.push(
          attempt(ctx, {
            teammateId: who.id,
            channel: "WEB",
            outcome: "SUCCESS",
            usernameTried: who.username,
            ip: who.ip,
            userAgent: who.userAgent,
            occurredAt: after(at, 40_000),
          }),
        );
      }
    }
    if (rng() < 0.8) {
      const at = after(day, int(rng, 0, 23) * HOUR + int(rng, 0, 59) * MINUTE);
      if (at < until)
        ctx.attempts.push(
          attempt(ctx, { channel: "API", outcome: "SUCCESS", apiKeyPrefix: ctx.activeKeyPrefix, ip: apiIp, userAgent: apiAgent, occurredAt: at }),
        );
    }
    if (options.smtp && rng() < 0.5) {
      const at = after(day, int(rng, 0, 23) * HOUR + int(rng, 0, 59) * MINUTE);
      if (at < until)
        ctx.attempts.push(attempt(ctx, { channel: "SMTP", outcome: "SUCCESS", usernameTried: ctx.username, ip: apiIp, userAgent: smtpAgent, occurredAt: at }));
    }
  }
}

export function attempt(
  ctx: Ctx,
  a: Omit<Prisma.LoginAttemptCreateManyInput, "accountId"> & { accountId?: number | null },
): Prisma.LoginAttemptCreateManyInput {
  return { accountId: ctx.accountId, ...a };
}

/** `count` wrong-password web failures for the owner, spread over `window` ending before now. */
export function addWrongPasswords(ctx: Ctx, count: number, since: Date, options: { ip?: string } = {}): Date {
  const span = ctx.now.getTime() - since.getTime();
  let last = since;
  for (let i = 0; i < count; i++) {
    last = new Date(since.getTime() + Math.floor(((i + 1) * span) / (count + 1)));
    ctx.attempts.push(
      attempt(ctx, {
        teammateId: ctx.owner.id,
        channel: "WEB",
        outcome: "FAILURE",
        reason: "WRONG_PASSWORD",
        usernameTried: ctx.username,
        ip: options.ip ?? ctx.usualIp,
        userAgent: ctx.owner.userAgent,
        occurredAt: last,
      }),
    );
  }
  return last;
}

/**
 * The monthly invoices a paid plan has, all paid; none on the free plan (nor for a
 * subuser, billed through its parent), so the billing card never contradicts the plan.
 * Call it last in a builder: it draws from the rng, and earlier draws stay the same.
 */
export async function addPlanInvoices(ctx: Ctx, months: number): Promise<void> {
  if (ctx.plan === "free" || ctx.plan === "subuser") return;
  await addPaidInvoices(ctx, months);
}

export async function addPaidInvoices(ctx: Ctx, months: number, options: { skipFromPeriod?: Date } = {}): Promise<void> {
  // Monthly bill run on the 1st for the previous month; paid by card the same day.
  const rows: Prisma.InvoiceCreateManyInput[] = [];
  for (let m = months; m >= 1; m--) {
    const period = addUtcMonths(ctx.now, -m);
    if (options.skipFromPeriod && period >= options.skipFromPeriod) continue;
    const issuedAt = after(addUtcMonths(ctx.now, -m + 1), 6 * HOUR);
    if (issuedAt > ctx.now) continue;
    rows.push({
      accountId: ctx.accountId,
      period,
      amountCents: pick(ctx.rng, [1995, 1995, 8995, 8995, 24900]),
      issuedAt,
      dueAt: after(issuedAt, 10 * DAY),
      paidAt: after(issuedAt, int(ctx.rng, 1, 30) * MINUTE),
    });
  }
  if (!rows.length) return;
  const created = await ctx.tx.invoice.createManyAndReturn({ data: rows, select: { id: true } });
  ctx.result.invoiceIds.push(...created.map((r) => r.id));
}

/**
 * The previous month's bill, unpaid, and the warnings sent about it up to `until`.
 * `billMonth` is the month whose bill run produced it (the invoice is for the month
 * before). Returns the invoice for the termination step.
 */
export async function addUnpaidInvoice(ctx: Ctx, billMonth: Date, until: Date): Promise<{ invoiceId: number; amountCents: number }> {
  const { now } = ctx;
  // Keep every event in the past even when `now` is early in the month.
  const issuedAt = minDate(after(startOfUtcMonth(billMonth), 6 * HOUR), ago(72 * HOUR, until));
  const dueAt = minDate(after(issuedAt, 10 * DAY), ago(48 * HOUR, until));
  const amountCents = 8995;
  const invoice = await ctx.tx.invoice.create({
    data: { accountId: ctx.accountId, period: addUtcMonths(billMonth, -1), amountCents, issuedAt, dueAt, paidAt: null },
    select: { id: true },
  });
  ctx.result.invoiceIds.push(invoice.id);
  const warnings: Prisma.BillingWarningCreateManyInput[] = [
    { accountId: ctx.accountId, invoiceId: invoice.id, kind: "PAYMENT_FAILED", sentTo: ctx.email, sentAt: after(issuedAt, 1 * HOUR) },
    { accountId: ctx.accountId, invoiceId: invoice.id, kind: "REMINDER", sentTo: ctx.email, sentAt: minDate(after(dueAt, 2 * DAY), ago(24 * HOUR, until)) },
    {
      accountId: ctx.accountId,
      invoiceId: invoice.id,
      kind: "FINAL_NOTICE",
      sentTo: ctx.email,
      sentAt: minDate(ago(3 * DAY, lastWeekOfUtcMonth(billMonth).start), ago(2 * HOUR, until)),
    },
  ];
  await ctx.tx.billingWarning.createMany({ data: warnings.filter((w) => new Date(w.sentAt) <= now) });
  return { invoiceId: invoice.id, amountCents };
}

/**
 * When the platform terminated (or would terminate) an account for the bill run of
 * `now`'s month: during that month's last week, or last month's if that week has not
 * come yet. Exported so tests can assert the same rule.
 */
export function terminationDate(now: Date): Date {
  const thisWeek = lastWeekOfUtcMonth(now).start;
  if (now.getTime() >= thisWeek.getTime() + 6 * HOUR) {
    return minDate(after(thisWeek, 30 * HOUR), ago(1 * HOUR, now));
  }
  return after(lastWeekOfUtcMonth(addUtcMonths(now, -1)).start, 30 * HOUR);
}

export async function applyTermination(ctx: Ctx): Promise<Date> {
  const terminatedAt = terminationDate(ctx.now);
  const billMonth = startOfUtcMonth(terminatedAt);
  await addPaidInvoices(ctx, 8, { skipFromPeriod: addUtcMonths(billMonth, -1) });
  const { invoiceId } = await addUnpaidInvoice(ctx, billMonth, terminatedAt);
  await ctx.tx.billingWarning.create({
    data: { accountId: ctx.accountId, invoiceId, kind: "TERMINATION_NOTICE", sentTo: ctx.email, sentAt: after(terminatedAt, 5 * MINUTE) },
  });
  await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { status: "TERMINATED", terminatedAt } });
  return terminatedAt;
}

export async function applyAtRisk(ctx: Ctx): Promise<void> {
  await addPaidInvoices(ctx, 8, { skipFromPeriod: addUtcMonths(ctx.now, -1) });
  await addUnpaidInvoice(ctx, startOfUtcMonth(ctx.now), ctx.now);
}

export async function applyBan(ctx: Ctx, bannedAt: Date, subuserNames: string[]): Promise<void> {
  const { tx, rng } = ctx;
  const ban = await tx.ban.create({
    data: {
      accountId: ctx.accountId,
      bannedAt,
      reason: pick(rng, [
        "Phishing content reported by recipients and confirmed by compliance review",
        "Spam complaint rate above policy for three consecutive weeks",
        "Sending to purchased lists in breach of the acceptable use policy",
      ]),
      banEmailRef: `COMPLIANCE-${bannedAt.getUTCFullYear()}-${int(rng, 10000, 99999)}`,
      cascadeSubusers: true,
    },
    select: { id: true },
  });
  ctx.result.banId = ban.id;
  await tx.account.update({ where: { id: ctx.accountId }, data: { status: "BANNED" } });
  // A ban removes every dedicated IP; make sure there are some to show as removed.
  if (!ctx.result.dedicatedIpIds.length) {
    const ips = await tx.dedicatedIp.createManyAndReturn({
      data: [1, 2].map((n) => ({
        accountId: ctx.accountId,
        address: `198.18.${int(rng, 0, 255)}.${n * 10 + int(rng, 0, 9)}`,
        assignedAt: ago((120 + n) * DAY, bannedAt),
      })),
      select: { id: true },
    });
    ctx.result.dedicatedIpIds.push(...ips.map((i) => i.id));
  }
  await tx.dedicatedIp.updateMany({
    where: { accountId: ctx.accountId, removedAt: null },
    data: { removedAt: bannedAt, removedReason: "account banned" },
  });
  for (const name of subuserNames) {
    const sub = await createBaseAccount(
      tx,
      {
        username: name,
        email: `${name.toLowerCase()}@${emailDomain(ctx.email)}`,
        now: ctx.now,
        rng,
        historyMonths: 4,
        plan: "subuser",
        parentId: ctx.accountId,
        hasDedicatedIps: false,
      },
      ctx.result.scenario,
    );
    addHistory(sub, ago(120 * DAY, bannedAt), bannedAt, { smtp: true, web: true });
    addPostBanFailures(sub, bannedAt);
    await tx.account.update({ where: { id: sub.accountId }, data: { status: "BANNED" } });
    await tx.ban.create({
      data: {
        accountId: sub.accountId,
        bannedAt,
        reason: "Parent account banned",
        banEmailRef: null,
        cascadeSubusers: true,
        inheritedFromId: ban.id,
      },
    });
    await flush(sub);
    ctx.result.subuserIds.push(sub.accountId);
  }
}

export function addPostBanFailures(ctx: Ctx, bannedAt: Date): void {
  const apiIp = serverIp(ctx.rng);
  for (let i = 1; i <= 6; i++) {
    const at = after(bannedAt, i * 7 * HOUR);
    if (at >= ctx.now) break;
    ctx.attempts.push(
      attempt(ctx, {
        channel: i % 2 ? "API" : "SMTP",
        outcome: "FAILURE",
        reason: "BANNED",
        apiKeyPrefix: i % 2 ? ctx.activeKeyPrefix : null,
        usernameTried: i % 2 ? null : ctx.username,
        ip: apiIp,
        userAgent: pick(ctx.rng, API_CLIENTS),
        occurredAt: at,
      }),
    );
  }
  ctx.attempts.push(
    attempt(ctx, {
      teammateId: ctx.owner.id,
      channel: "WEB",
      outcome: "FAILURE",
      reason: "BANNED",
      usernameTried: ctx.username,
      ip: ctx.usualIp,
      userAgent: ctx.owner.userAgent,
      occurredAt: minDate(after(bannedAt, 26 * HOUR), ago(10 * MINUTE, ctx.now)),
    }),
  );
}

/** A teammate other than the owner changes the password; the owner is then locked out. */
export async function addTeammatePasswordChange(ctx: Ctx, changedAt: Date): Promise<TeammateInfo> {
  const changer = ctx.teammates.find((t) => t.level === "ADMIN") ?? ctx.teammates[1];
  if (!changer) throw new Error("credentials_changed needs a teammate besides the owner");
  await ctx.tx.credentialChange.create({
    data: {
      accountId: ctx.accountId,
      kind: "PASSWORD",
      teammateId: changer.id,
      actorLabel: changer.username,
      ip: strangerIp(ctx.rng),
      userAgent: changer.userAgent,
      detail: "password changed from the account settings page",
      occurredAt: changedAt,
    },
  });
  await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { passwordChangedAt: changedAt } });
  return changer;
}

export async function flush(ctx: Ctx): Promise<void> {
  if (ctx.attempts.length) await ctx.tx.loginAttempt.createMany({ data: ctx.attempts });
  let lastWeb: Date | null = null;
  for (const a of ctx.attempts) {
    if (a.channel === "WEB" && a.outcome === "SUCCESS" && a.accountId === ctx.accountId) {
      const at = new Date(a.occurredAt);
      if (!lastWeb || at > lastWeb) lastWeb = at;
    }
  }
  if (lastWeb) await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { lastLoginAt: lastWeb } });
  // Teammates' last login follows from their own successful web sign-ins.
  const lastByTeammate = new Map<number, Date>();
  for (const a of ctx.attempts) {
    if (a.teammateId != null && a.outcome === "SUCCESS") {
      const at = new Date(a.occurredAt);
      const prev = lastByTeammate.get(a.teammateId);
      if (!prev || at > prev) lastByTeammate.set(a.teammateId, at);
    }
  }
  for (const [id, at] of lastByTeammate) await ctx.tx.teammate.update({ where: { id }, data: { lastLoginAt: at } });
  ctx.attempts = [];
}

// ------------------------------------------------------------------ the factory

/** Five wrong passwords in a row lock the login for 30 minutes; tries meanwhile are refused. */
export async function lockOut(ctx: Ctx, since: Date, lockedForMs = 20 * MINUTE): Promise<void> {
  const { now } = ctx;
  const fifth = addWrongPasswords(ctx, 5, since, {});
  // Keep the lock in the future whatever `since` was: the scenario is "locked now".
  const lockedUntil = new Date(Math.max(after(fifth, 30 * MINUTE).getTime(), after(now, lockedForMs).getTime()));
  for (const m of [3, 1]) {
    const at = ago(m * MINUTE, now);
    if (at > fifth) {
      ctx.attempts.push(
        attempt(ctx, {
          teammateId: ctx.owner.id,
          channel: "WEB",
          outcome: "FAILURE",
          reason: "LOCKED",
          usernameTried: ctx.username,
          ip: ctx.usualIp,
          userAgent: ctx.owner.userAgent,
          occurredAt: at,
        }),
      );
    }
  }
  await ctx.tx.account.update({ where: { id: ctx.accountId }, data: { lockedUntil } });
}

/** What seedAccount hands a scenario builder: the options resolved, and the base account. */
export interface ScenarioInput {
  tx: SeedClient;
  scenario: Scenario;
  options: SeedAccountOptions;
  now: Date;
  username: string;
  email: string;
  rng: Rng;
  historyMonths: number;
  /** Where the ordinary history starts. */
  start: Date;
  plan: string;
  /** Creates the account (owner, teammates, keys, integrations) every scenario starts from. */
  base: (extra?: Partial<BaseOptions>) => Promise<Ctx>;
  /** seedAccount itself, for scenarios built on another (a subuser's banned parent). */
  seed: (tx: SeedClient, options: SeedAccountOptions) => Promise<SeededAccount>;
}

export type ScenarioBuilder = (input: ScenarioInput) => Promise<SeededAccount>;
