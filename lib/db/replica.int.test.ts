// Reads from a real streaming replica (DATABASE_READ_URL): a private PostgreSQL primary
// and a standby made with pg_basebackup -R (lib/db/test-replica.ts). Pausing the
// standby's replay makes the lag visible, so each test can tell which database a read
// went to: a row written on the primary and not yet replayed is seen by the primary only.
// Runs in the PostgreSQL pass of the suite:
//   TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx vitest run lib/db/replica.int.test.ts
// and is skipped, saying what is missing, where the pair cannot be made.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
// Before the modules under test: the mocks below use it while their imports load.
import { actAs, authMock, navigationMock } from "@/lib/testing/action-harness";
import { GET as exportAuditLog } from "@/app/(console)/audit/log/export/route";
import { unchecked } from "@/lib/actions/define-action";
import { sendUsernameRecoveryAction } from "@/lib/actions/recovery/send-username-recovery";
import type { StaffContext } from "@/lib/auth/current-staff";
import { findCustomers, getAccountTimeline, listAuditEntries, pingReadReplica } from "@/lib/data/console-data";
import { parseCsv } from "@/lib/testing/parse-csv";
import { seedAccount } from "@/prisma/seed/factories";
import { getDb, getReplicaDb } from "./client";
import { readMigrationList } from "./migrations";
import { createPrismaClient, type Db } from "./prisma";
import { checkReadReplica } from "./read-replica";
import { READ_PRIMARY_COOKIE } from "./read-routing";
import { replicaRunner, startReplicaPair, type ReplicaPair } from "./test-replica";

// The browser: a cookie jar that drops a cookie when its Max-Age runs out, on a clock
// the test can move forward.
const browser = vi.hoisted(() => {
  const jar = new Map<string, { value: string; expiresAt: number | null }>();
  let offsetMs = 0;
  const now = () => Date.now() + offsetMs;
  return {
    cookies: {
      get(name: string) {
        const cookie = jar.get(name);
        if (!cookie) return undefined;
        if (cookie.expiresAt !== null && cookie.expiresAt <= now()) {
          jar.delete(name);
          return undefined;
        }
        return { name, value: cookie.value };
      },
      set(name: string, value: string, options: { maxAge?: number } = {}) {
        jar.set(name, { value, expiresAt: options.maxAge === undefined ? null : now() + options.maxAge * 1000 });
      },
    },
    /** Lets this much time pass for the browser. */
    wait(ms: number) {
      offsetMs += ms;
    },
    /** A fresh browser session: no cookies. */
    reset() {
      jar.clear();
      offsetMs = 0;
    },
  };
});

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/navigation", () => navigationMock);
vi.mock("next/headers", () => ({
  headers: () => Promise.resolve(new Headers({ "x-console-peer": "203.0.113.44", "user-agent": "replica-test" })),
  cookies: () => Promise.resolve(browser.cookies),
}));

const availability = replicaRunner();
const missing = availability.ok ? null : availability.missing;
if (missing) console.warn(`[replica test] skipped: ${missing}`);

describe.skipIf(missing !== null)(`reads from a real streaming replica${missing ? ` (skipped: ${missing})` : ""}`, () => {
  let pair: ReplicaPair | undefined;
  let primary: Db;
  let replica: Db;
  const agent: StaffContext = { id: "", email: "agent@replica.test", name: "Agent", role: "AGENT", permissions: [], timeZone: "UTC" };
  let leadId = "";
  const meta = { ip: "203.0.113.44", userAgent: "replica-test" };
  const now = new Date();
  let seq = 0;

  beforeAll(async () => {
    if (!availability.ok) return;
    const started = performance.now();
    pair = await startReplicaPair(availability.runner);
    console.log(`[replica test] primary + replica ready in ${((performance.now() - started) / 1000).toFixed(1)} s`, pair.timings);
    // The app's own clients (lib/db/client.ts) read these on first use.
    process.env.DATABASE_URL = pair.primaryUrl;
    process.env.DATABASE_READ_URL = pair.replicaUrl;
    primary = createPrismaClient(pair.primaryUrl, { max: 2 });
    replica = createPrismaClient(pair.replicaUrl, { max: 2 });
    agent.id = (await primary.staffUser.create({ data: { email: agent.email, name: "Agent", role: "AGENT" } })).id;
    leadId = (await primary.staffUser.create({ data: { email: "lead@replica.test", name: "Lead", role: "LEAD" } })).id;
    await pair.waitForReplay();
  }, 180_000);

  afterEach(async () => {
    // A failed test must not leave the standby paused for the next one.
    await pair?.resumeReplay();
    browser.reset();
  });

  afterAll(async () => {
    await Promise.allSettled([getDb().$disconnect(), getReplicaDb()?.$disconnect(), primary?.$disconnect(), replica?.$disconnect()]);
    await pair?.stop();
    delete process.env.DATABASE_READ_URL;
  });

  const seeded = async (scenario: "healthy" | "forgotten_username", name: string) => {
    seq += 1;
    const account = await seedAccount(primary, { scenario, now, username: `${name}-${seq}`, historyMonths: 1 });
    if (account.accountId === null) throw new Error("no account");
    return { id: account.accountId, username: `${name}-${seq}` };
  };
  const foundIds = async (query: string) => (await findCustomers(query, agent, meta)).results.filter((r) => r.kind === "account").map((r) => r.id);
  const searchAudits = (db: Db, query: string) => db.auditEntry.count({ where: { action: "customer.search", detail: { path: ["query"], equals: query } } });

  it("finds a customer written on the primary once the replica has it, and not before: the search reads the replica", async () => {
    const p = pair!;
    await p.pauseReplay();
    const lena = await seeded("healthy", "lagging-lena");
    expect(await primary.account.count({ where: { id: lena.id } })).toBe(1);

    expect(await foundIds(lena.username)).toEqual([]);
    // The search's audit entry went to the primary all the same (the replica is read-only).
    expect(await searchAudits(primary, lena.username)).toBe(1);
    expect(await searchAudits(replica, lena.username)).toBe(0);

    await p.resumeReplay();
    await p.waitForReplay();
    expect(await foundIds(lena.username)).toEqual([lena.id]);
    expect(await searchAudits(primary, lena.username)).toBe(2);
  });

  it("runs an action on an account the replica does not have yet: its checks and its writes are on the primary", async () => {
    const p = pair!;
    await p.pauseReplay();
    const omar = await seeded("forgotten_username", "acting-omar");
    actAs(agent.id);
    const result = await unchecked(sendUsernameRecoveryAction)({ accountId: omar.id, ticketRef: "ZD-REPL-1", idempotencyKey: randomUUID(), confirm: true });
    // Had the account-state check read the replica, this would be NOT_FOUND.
    expect(result).toMatchObject({ ok: true });
    expect(await replica.account.count({ where: { id: omar.id } })).toBe(0);
    expect(await primary.emailOutbox.count({ where: { accountId: omar.id, kind: "USERNAME_RECOVERY" } })).toBe(1);
    expect(await primary.auditEntry.count({ where: { action: "recovery.send_username", targetAccountId: omar.id, outcome: "DONE" } })).toBe(1);
  });

  it("shows the agent what they just did while the replica lags, then reads the replica again once the window has passed", async () => {
    const p = pair!;
    await p.pauseReplay();
    const rita = await seeded("forgotten_username", "ryw-rita");
    actAs(agent.id);
    const result = await unchecked(sendUsernameRecoveryAction)({ accountId: rita.id, ticketRef: "ZD-REPL-2", idempotencyKey: randomUUID(), confirm: true });
    expect(result).toMatchObject({ ok: true });
    expect(browser.cookies.get(READ_PRIMARY_COOKIE)).toBeDefined();

    // The pages that follow the action, in the same browser: the timeline shows the
    // staff action and the search finds the account, though the replica has neither.
    const staffRows = async () => (await getAccountTimeline(rita.id, { kinds: ["staff"] })).entries.length;
    expect(await staffRows()).toBeGreaterThan(0);
    expect(await foundIds(rita.username)).toEqual([rita.id]);
    expect((await listAuditEntries({ account: rita.id })).entries.map((e) => e.action)).toContain("recovery.send_username");

    // Another agent's browser (no cookie) reads the lagging replica.
    browser.reset();
    expect(await staffRows()).toBe(0);
    expect(await foundIds(rita.username)).toEqual([]);

    // The same browser after the window: its cookie has expired, so back to the replica.
    actAs(agent.id);
    const again = await unchecked(sendUsernameRecoveryAction)({ accountId: rita.id, ticketRef: "ZD-REPL-2", idempotencyKey: randomUUID(), confirm: true });
    expect(again).toMatchObject({ ok: true });
    expect(await foundIds(rita.username)).toEqual([rita.id]);
    browser.wait(16_000);
    expect(await foundIds(rita.username)).toEqual([]);

    await p.resumeReplay();
    await p.waitForReplay();
    expect(await staffRows()).toBeGreaterThan(0);
    expect(await foundIds(rita.username)).toEqual([rita.id]);
  });

  it("streams an export from the replica and records it on the primary", async () => {
    const p = pair!;
    await p.pauseReplay();
    const ticket = `ZD-EXPORT-${++seq}`;
    await primary.auditEntry.create({ data: { actorId: agent.id, actorEmail: agent.email, action: "account.view", outcome: "DONE", ticketRef: ticket } });
    actAs(leadId);
    const response = await exportAuditLog(
      new Request(`http://console.test/audit/log/export?ticket=${ticket}`, { headers: { "x-console-peer": "203.0.113.45" } }),
    );
    expect(response.status).toBe(200);
    // The replica has not replayed the entry: the export, read there, has no rows.
    expect(response.headers.get("x-export-total")).toBe("0");
    expect(parseCsv(await response.text()).slice(1)).toEqual([]);
    expect(await primary.auditEntry.count({ where: { action: "audit.export", actorId: leadId } })).toBe(1);

    await p.resumeReplay();
    await p.waitForReplay();
    const later = await exportAuditLog(new Request(`http://console.test/audit/log/export?ticket=${ticket}`, { headers: { "x-console-peer": "203.0.113.45" } }));
    expect(later.headers.get("x-export-total")).toBe("1");
  });

  it("passes npm start's check, and the check refuses what is not a replica of DATABASE_URL's database", async () => {
    const p = pair!;
    const migrations = (await readMigrationList()).migrationDirectories.map((m) => m.path);
    const accepted = await checkReadReplica(p.primaryUrl, p.replicaUrl, migrations);
    expect(accepted).toMatchObject({ ok: true, warnings: [] });
    expect(accepted.ok ? accepted.notes.join(" ") : "").toMatch(/streaming standby of DATABASE_URL's cluster, [\d,]+ bytes of WAL behind/);

    const otherDatabase = new URL(p.replicaUrl);
    otherDatabase.pathname = "/postgres";
    const wrongName = await checkReadReplica(p.primaryUrl, otherDatabase.toString(), migrations);
    expect(wrongName.ok ? "" : wrongName.message).toMatch(/names database "postgres" while DATABASE_URL names "console"/);

    const gone = new URL(p.replicaUrl);
    gone.port = "1";
    const unreachable = await checkReadReplica(p.primaryUrl, gone.toString(), migrations);
    expect(unreachable.ok ? "" : unreachable.message).toMatch(/^cannot connect to DATABASE_READ_URL/);

    // A writable database without the migrations: not a standby, and missing the schema.
    const empty = new URL(p.primaryUrl);
    empty.pathname = "/postgres";
    const unmigrated = await checkReadReplica(p.primaryUrl, empty.toString(), migrations);
    expect(unmigrated.ok ? "" : unmigrated.message).toMatch(/lacks \d+ migration\(s\)/);

    const samePrimary = await checkReadReplica(p.primaryUrl, p.primaryUrl, migrations);
    expect(samePrimary.ok ? samePrimary.warnings.join(" ") : "").toMatch(/same as DATABASE_URL.*not a standby/s);

    expect(await pingReadReplica()).toBe("ok");
  });
});
