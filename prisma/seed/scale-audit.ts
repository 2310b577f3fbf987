// The staff side of the scale seed (prisma/seed/scale.ts): staff users and audit entries.
import type pg from "pg";
import { sqlArray } from "./scale-names";

const SCALE_STAFF = 12;
const AUDIT_ACTION_MIX = [
  "account.view",
  "account.view",
  "account.view",
  "signup.view",
  "recovery.send_password_reset",
  "recovery.send_username",
  "access.denied",
  "auth.sign_in",
];

/**
 * The staff side at scale, for the audit log's benchmark: a dozen staff users and one
 * audit entry per account (views, sends, refusals), spread over the last year, with
 * tickets shared by three entries each. Exported so an older scale database can be
 * topped up (`DATABASE_URL=... npx tsx -e ...`); it only inserts.
 */
export async function seedScaleAudit(client: pg.Client, accounts: number, now: Date): Promise<void> {
  await client.query(
    `INSERT INTO staff_users (id, email, name, role)
     SELECT 'scale-staff-' || g, 'scale-staff-' || g || '@bench.example', 'Scale staff ' || g,
            (ARRAY['AGENT','AGENT','LEAD'])[1 + g % 3]::staff_role
       FROM generate_series(1, ${SCALE_STAFF}) g
     ON CONFLICT DO NOTHING`,
  );
  for (let lo = 1; lo <= accounts; lo += 250_000) {
    const hi = Math.min(accounts, lo + 250_000 - 1);
    await client.query(
      `INSERT INTO audit_entries (actor_id, actor_email, action, outcome, code, target_account_id, ticket_ref, reason, detail, ip, user_agent, created_at)
       SELECT 'scale-staff-' || (1 + g % ${SCALE_STAFF}), 'scale-staff-' || (1 + g % ${SCALE_STAFF}) || '@bench.example',
              (${sqlArray(AUDIT_ACTION_MIX)})[1 + g % ${AUDIT_ACTION_MIX.length}],
              CASE WHEN g % 17 = 0 THEN 'REFUSED'::audit_outcome ELSE 'DONE'::audit_outcome END,
              CASE WHEN g % 17 = 0 THEN 'RATE_LIMITED' END,
              g, 'T-' || (g / 3), NULL, jsonb_build_object('n', g), '10.9.0.' || (g % 250), 'bench',
              $3::timestamptz - ((${accounts} - g) * (interval '365 days' / ${accounts}))
         FROM generate_series($1::int, $2::int) g`,
      [lo, hi, now],
    );
  }
}
