// The hot path: login attempts are most of what a platform sends (every web, API and
// SMTP sign-in), so a batch of them costs a fixed handful of statements whatever its
// size: one query resolves the accounts, one the teammates, one multi-row INSERT writes
// the attempts, and one UPDATE each moves the accounts' and teammates' last login.
import type { Tx } from "@/lib/db/prisma";
import type { ValidEvent } from "./envelope";
import type { RecordKind } from "./records";

export type LoginAttemptResult = { effect: "applied" } | { effect: "parked"; kind: RecordKind; externalId: string } | { effect: "rejected"; reason: string };

interface Row {
  account_id: number | null;
  teammate_id: number | null;
  channel: string;
  outcome: string;
  reason: string | null;
  username_tried: string | null;
  api_key_prefix: string | null;
  ip: string;
  user_agent: string | null;
  occurred_at: string;
}

/** Parking is the caller's: the batch parks everything that waits in one insert. */
export async function applyLoginAttempts(tx: Tx, sourceId: number, events: ValidEvent<"login.attempted">[]): Promise<LoginAttemptResult[]> {
  const accountIds = [...new Set(events.flatMap((e) => (e.data.account_id === null ? [] : [e.data.account_id])))];
  const teammateIds = [...new Set(events.flatMap((e) => (e.data.teammate_id === null ? [] : [e.data.teammate_id])))];
  const { accounts, teammates } = await resolveAccountsAndTeammates(tx, sourceId, accountIds, teammateIds);

  const results: LoginAttemptResult[] = [];
  const rows: Row[] = [];
  const lastWebLogin = new Map<number, number>();
  const lastTeammateLogin = new Map<number, number>();
  for (const event of events) {
    const d = event.data;
    const account = d.account_id === null ? null : accounts.get(d.account_id);
    if (account === undefined) {
      results.push({ effect: "parked", kind: "account", externalId: d.account_id as string });
      continue;
    }
    const teammate = d.teammate_id === null ? null : teammates.get(d.teammate_id);
    if (teammate === undefined) {
      results.push({ effect: "parked", kind: "teammate", externalId: d.teammate_id as string });
      continue;
    }
    if (teammate !== null && (account === null || teammate.accountId !== account.id)) {
      results.push({ effect: "rejected", reason: "data.teammate_id: this teammate does not belong to data.account_id" });
      continue;
    }
    const at = event.time.getTime();
    rows.push({
      account_id: account?.id ?? null,
      teammate_id: teammate?.id ?? null,
      channel: d.channel.toUpperCase(),
      outcome: d.outcome.toUpperCase(),
      reason: d.outcome === "failure" ? d.reason.toUpperCase() : null,
      username_tried: d.username_tried,
      api_key_prefix: d.api_key_prefix,
      ip: d.ip,
      user_agent: d.user_agent,
      occurred_at: event.time.toISOString(),
    });
    if (d.outcome === "success") {
      // As the seeds do: an account's last login is its newest successful web sign-in;
      // a teammate's, their newest successful sign-in on any channel.
      if (account && d.channel === "web") lastWebLogin.set(account.id, Math.max(lastWebLogin.get(account.id) ?? 0, at));
      if (teammate) lastTeammateLogin.set(teammate.id, Math.max(lastTeammateLogin.get(teammate.id) ?? 0, at));
    }
    results.push({ effect: "applied" });
  }

  if (rows.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO login_attempts (account_id, teammate_id, channel, outcome, reason, username_tried, api_key_prefix, ip, user_agent, occurred_at)
       SELECT x.account_id, x.teammate_id, x.channel::login_channel, x.outcome::login_outcome, x.reason::login_failure_reason,
              x.username_tried, x.api_key_prefix, x.ip, x.user_agent, x.occurred_at
         FROM jsonb_to_recordset($1::jsonb) AS x(account_id int, teammate_id int, channel text, outcome text, reason text,
              username_tried text, api_key_prefix text, ip text, user_agent text, occurred_at timestamptz)`,
      JSON.stringify(rows),
    );
  }
  await moveLastLogin(tx, lastWebLogin, lastTeammateLogin);
  return results;
}

type Resolved = Map<string, { id: number; accountId: number | null }>;

/** Accounts and teammates named by the batch, in one round trip. */
async function resolveAccountsAndTeammates(
  tx: Tx,
  sourceId: number,
  accountIds: string[],
  teammateIds: string[],
): Promise<{ accounts: Resolved; teammates: Resolved }> {
  const accounts: Resolved = new Map();
  const teammates: Resolved = new Map();
  if (!accountIds.length && !teammateIds.length) return { accounts, teammates };
  const rows = await tx.$queryRawUnsafe<{ kind: "a" | "t"; external_id: string; id: number; account_id: number | null }[]>(
    `SELECT 'a' AS kind, external_id, id, NULL::int AS account_id FROM accounts WHERE source_id = $1 AND external_id = ANY($2::text[])
     UNION ALL
     SELECT 't', external_id, id, account_id FROM teammates WHERE source_id = $1 AND external_id = ANY($3::text[])`,
    sourceId,
    accountIds,
    teammateIds,
  );
  for (const row of rows) (row.kind === "a" ? accounts : teammates).set(row.external_id, { id: row.id, accountId: row.account_id });
  return { accounts, teammates };
}

/**
 * Only ever forward: a late, older success leaves a newer last login alone. Both tables
 * in one statement; ids sorted so concurrent batches lock rows in the same order.
 */
async function moveLastLogin(tx: Tx, accounts: Map<number, number>, teammates: Map<number, number>): Promise<void> {
  if (!accounts.size && !teammates.size) return;
  const pairs = (latest: Map<number, number>) =>
    JSON.stringify([...latest].sort((a, b) => a[0] - b[0]).map(([id, at]) => ({ id, at: new Date(at).toISOString() })));
  await tx.$executeRawUnsafe(
    `WITH moved_accounts AS (
       UPDATE accounts t SET last_login_at = x.at FROM jsonb_to_recordset($1::jsonb) AS x(id int, at timestamptz)
        WHERE t.id = x.id AND (t.last_login_at IS NULL OR t.last_login_at < x.at) RETURNING 1)
     UPDATE teammates t SET last_login_at = x.at FROM jsonb_to_recordset($2::jsonb) AS x(id int, at timestamptz)
      WHERE t.id = x.id AND (t.last_login_at IS NULL OR t.last_login_at < x.at)`,
    pairs(accounts),
    pairs(teammates),
  );
}
