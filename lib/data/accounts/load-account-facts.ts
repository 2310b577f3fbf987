// Everything the diagnosis engine needs about one account, in one statement (the JSON
// document of ./account-sql.ts), mapped to the engine's plain types. No server-only
// import: tests and benchmarks call it with their own client, and server actions with
// their transaction (so the guards they enforce read the same facts the page diagnosed).
import { planOnce, type Db, type Tx } from "@/lib/db/prisma";
import { Prisma } from "@/lib/generated/prisma/client";
import type { SubjectFacts, AccountSubject, SignUpSubject } from "@/lib/diagnosis/types";
import { accountFactsJson } from "./account-json";
import { factsCtes, factsObject, FACTS_WINDOW_DAYS } from "./account-sql";

export { FACTS_MAX_ATTEMPTS, FACTS_WINDOW_DAYS } from "./account-sql";

/** The start of the window the facts cover. */
export function factsSince(now: Date): Date {
  return new Date(now.getTime() - FACTS_WINDOW_DAYS * 86_400_000);
}

/** The account's facts from the `facts` JSON the statement returned (null: no such account). */
export function accountSubjectFrom(json: unknown): AccountSubject | null {
  if (json === null || json === undefined) return null;
  return { kind: "account", ...accountFactsJson.parse(json) };
}

export async function loadAccountFacts(db: Db | Tx, accountId: number, now: Date): Promise<(SubjectFacts & { subject: AccountSubject }) | null> {
  const since = factsSince(now);
  const rows = await db.$queryRaw<{ facts: unknown }[]>(
    planOnce(Prisma.sql`
      WITH ${factsCtes(accountId, since)}
      SELECT ${factsObject(since)} AS facts FROM accounts a WHERE a.id = ${accountId}::int4`),
  );
  const subject = accountSubjectFrom(rows[0]?.facts);
  return subject ? { subject } : null;
}

export async function loadSignUpFacts(db: Db | Tx, signUpId: number): Promise<(SubjectFacts & { subject: SignUpSubject }) | null> {
  const signUp = await db.signUp.findUnique({
    where: { id: signUpId },
    select: {
      id: true,
      username: true,
      email: true,
      createdAt: true,
      ip: true,
      confirmationsSent: true,
      lastConfirmationSentAt: true,
      confirmationExpiresAt: true,
      confirmedAt: true,
      accountId: true,
    },
  });
  if (!signUp) return null;
  const { accountId: _accountId, ...facts } = signUp;
  return { subject: { kind: "signup", signUp: facts } };
}
