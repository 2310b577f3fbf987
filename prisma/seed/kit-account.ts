// The account every scenario starts from: its sign-up, owner and teammates, keys,
// integrations, dedicated IPs, and the lookup columns filled as the console searches them.
import type { Prisma } from "@/lib/generated/prisma/client";
import { after, ago, DAY, HOUR, MINUTE } from "./time";
import type { SeedClient, Scenario, SeededAccount } from "./kit";
import { int, pick, token, officeIp, type Rng } from "./kit-random";
import { BROWSERS, TEAMMATE_NAMES, RESTRICTED_SCOPES } from "./kit-vocabulary";

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
