// Factories for the engine's tests: a healthy account by default, each case built by
// overriding only what makes it that case. Not used by the engine itself.

import { DAY_MS } from "./time";
import type {
  SubjectFacts,
  AccountRecord,
  AccountSubject,
  ApiKeyFacts,
  BanFacts,
  BillingWarningFacts,
  CredentialChangeFacts,
  IntegrationFacts,
  InvoiceFacts,
  LoginAttemptFacts,
  SignUpFacts,
  TeammateFacts,
} from "./types";

/** A Tuesday before the last week of November 2026 (which is 24-30). */
export const NOW = new Date("2026-11-10T12:00:00.000Z");

export const ago = (ms: number, now: Date = NOW) => new Date(now.getTime() - ms);
export const minutesAgo = (n: number, now: Date = NOW) => ago(n * 60_000, now);
export const daysAgo = (n: number, now: Date = NOW) => ago(n * DAY_MS, now);

let seq = 0;
const nextId = () => ++seq;

export function account(overrides: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id: 1,
    username: "acme",
    email: "ops@acme.test",
    loginMethod: "PASSWORD",
    unifiedLoginId: null,
    status: "ACTIVE",
    plan: "pro",
    createdAt: new Date("2024-03-01T09:00:00Z"),
    confirmedAt: new Date("2024-03-01T09:10:00Z"),
    lastLoginAt: daysAgo(2),
    passwordChangedAt: null,
    lockedUntil: null,
    terminatedAt: null,
    deletedAt: null,
    parentId: null,
    ...overrides,
  };
}

export function attempt(overrides: Partial<LoginAttemptFacts> = {}): LoginAttemptFacts {
  return {
    id: String(nextId()),
    channel: "WEB",
    outcome: "FAILURE",
    reason: "WRONG_PASSWORD",
    usernameTried: "acme",
    apiKeyPrefix: null,
    ip: "203.0.113.9",
    teammateId: null,
    occurredAt: minutesAgo(30),
    ...overrides,
  };
}

export function success(overrides: Partial<LoginAttemptFacts> = {}): LoginAttemptFacts {
  return attempt({ outcome: "SUCCESS", reason: null, ...overrides });
}

/** `n` failures, one per hour, the newest `startMinutesAgo` minutes ago. */
export function failures(n: number, overrides: Partial<LoginAttemptFacts> = {}, startMinutesAgo = 10): LoginAttemptFacts[] {
  return Array.from({ length: n }, (_, i) => attempt({ occurredAt: minutesAgo(startMinutesAgo + i * 60), ...overrides }));
}

export function teammate(overrides: Partial<TeammateFacts> = {}): TeammateFacts {
  return {
    id: nextId(),
    username: "alice",
    email: "alice@acme.test",
    level: "ADMIN",
    scopes: [],
    lastLoginAt: daysAgo(1),
    deletedAt: null,
    ...overrides,
  };
}

export function credentialChange(overrides: Partial<CredentialChangeFacts> = {}): CredentialChangeFacts {
  return {
    id: nextId(),
    kind: "PASSWORD",
    teammateId: null,
    actorLabel: "account login",
    ip: "198.51.100.7",
    detail: null,
    occurredAt: daysAgo(1),
    ...overrides,
  };
}

export function integration(overrides: Partial<IntegrationFacts> = {}): IntegrationFacts {
  return { id: nextId(), kind: "SMTP_RELAY", name: "Prod mailer", apiUser: "acme", lastUsedAt: daysAgo(1), ...overrides };
}

export function apiKey(overrides: Partial<ApiKeyFacts> = {}): ApiKeyFacts {
  return {
    id: nextId(),
    name: "Production",
    prefix: "SG.ab12cd34",
    createdAt: daysAgo(200),
    lastUsedAt: daysAgo(1),
    createdById: null,
    revokedAt: null,
    revokedById: null,
    ...overrides,
  };
}

export function ban(overrides: Partial<BanFacts> = {}): BanFacts {
  return {
    id: nextId(),
    bannedAt: daysAgo(3),
    reason: "spam complaints",
    banEmailRef: "BAN-2026-0042",
    cascadeSubusers: true,
    inheritedFromId: null,
    ...overrides,
  };
}

export function invoice(overrides: Partial<InvoiceFacts> = {}): InvoiceFacts {
  return {
    id: nextId(),
    period: new Date("2026-10-01T00:00:00Z"),
    amountCents: 8900,
    currency: "USD",
    issuedAt: new Date("2026-11-01T06:00:00Z"),
    dueAt: new Date("2026-11-08T00:00:00Z"),
    paidAt: null,
    ...overrides,
  };
}

export function billingWarning(overrides: Partial<BillingWarningFacts> = {}): BillingWarningFacts {
  return { id: nextId(), invoiceId: null, kind: "REMINDER", sentTo: "ops@acme.test", sentAt: daysAgo(1), ...overrides };
}

export function signUp(overrides: Partial<SignUpFacts> = {}): SignUpFacts {
  return {
    id: 77,
    username: "newco",
    email: "hello@newco.test",
    createdAt: daysAgo(2),
    ip: "192.0.2.10",
    confirmationsSent: 2,
    lastConfirmationSentAt: daysAgo(1),
    confirmationExpiresAt: ago(-DAY_MS),
    confirmedAt: null,
    ...overrides,
  };
}

/** A healthy account: active, recent web and API successes, nothing else. */
export function accountFacts(overrides: Partial<Omit<AccountSubject, "kind">> = {}): SubjectFacts {
  return {
    subject: {
      kind: "account",
      account: account(),
      parent: null,
      ban: null,
      teammates: [],
      apiKeys: [],
      integrations: [],
      credentialChanges: [],
      loginAttempts: [
        success({ occurredAt: daysAgo(2) }),
        success({ channel: "API", usernameTried: null, apiKeyPrefix: "SG.ab12cd34", occurredAt: daysAgo(1) }),
      ],
      unknownUsernameAttempts: [],
      invoices: [],
      billingWarnings: [],
      subusers: [],
      dedicatedIps: [],
      ...overrides,
    },
  };
}

export function signUpFacts(overrides: Partial<SignUpFacts> = {}): SubjectFacts {
  return { subject: { kind: "signup", signUp: signUp(overrides) } };
}
