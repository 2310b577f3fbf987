// Monthly partitions of login_attempts and their upkeep, on the real database (PGlite by
// default, PostgreSQL with TEST_DATABASE_URL): rows land in their month's partition,
// retention drops whole months only, upkeep is idempotent and safe to run twice at once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { configFrom } from "@/lib/config";
import { listLoginAttemptPartitions, maintainLoginAttemptPartitions } from "./login-attempt-partitions";

let t: TestDatabase;

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

async function insertAt(...times: string[]): Promise<void> {
  await t.db.loginAttempt.createMany({
    data: times.map((at) => ({ channel: "WEB" as const, outcome: "SUCCESS" as const, ip: "192.0.2.1", occurredAt: new Date(at) })),
  });
}

/** Which partition each row is stored in, keyed by its time. */
async function whereStored(): Promise<Record<string, string>> {
  const rows = await t.db.$queryRaw<{ at: Date; part: string }[]>`
    SELECT occurred_at AS at, tableoid::regclass::text AS part FROM login_attempts ORDER BY occurred_at`;
  return Object.fromEntries(rows.map((r) => [r.at.toISOString(), r.part]));
}

const names = async () => (await listLoginAttemptPartitions(t.db)).map((p) => p.name);

describe("login_attempts partitions", () => {
  it("is a table partitioned by range on occurred_at with a (id, occurred_at) key and a default partition", async () => {
    const [info] = await t.db.$queryRaw<{ strategy: string; key: string; pk: string }[]>`
      SELECT p.partstrat::text AS strategy, pg_get_partkeydef('login_attempts'::regclass) AS key,
             (SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'login_attempts'::regclass AND contype = 'p') AS pk
        FROM pg_partitioned_table p WHERE p.partrelid = 'login_attempts'::regclass`;
    expect(info).toEqual({ strategy: "r", key: "RANGE (occurred_at)", pk: "PRIMARY KEY (id, occurred_at)" });
    const list = await listLoginAttemptPartitions(t.db);
    expect(list.at(-1)).toEqual({ name: "login_attempts_default", from: null, to: null });
    // The migration made this month and three ahead (the database's clock).
    const [db] = await t.db.$queryRaw<{ month: string }[]>`SELECT to_char(now() AT TIME ZONE 'UTC', 'YYYYMM') AS month`;
    expect(list.map((p) => p.name)).toContain(`login_attempts_p${db?.month}`);
    expect(list.filter((p) => p.from).length).toBeGreaterThanOrEqual(4);
  });

  it("stores each row in its UTC month's partition, and a month without one in the default partition", async () => {
    await t.db.$executeRaw`DELETE FROM login_attempts`;
    const [db] = await t.db.$queryRaw<{ now: Date }[]>`SELECT date_trunc('month', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS now`;
    const monthStart = db?.now ?? new Date();
    const inMonth = new Date(monthStart.getTime() + 3_600_000).toISOString();
    const justBefore = new Date(monthStart.getTime() - 1).toISOString();
    await insertAt(inMonth, justBefore, "2019-06-15T12:00:00.000Z");
    const stored = await whereStored();
    const ym = (iso: string) => iso.slice(0, 7).replace("-", "");
    expect(stored[inMonth]).toBe(`login_attempts_p${ym(inMonth)}`);
    // The month before the migration ran had no rows, so no partition: default.
    expect(stored[justBefore]).toBe("login_attempts_default");
    expect(stored["2019-06-15T12:00:00.000Z"]).toBe("login_attempts_default");
  });

  it("upkeep creates months ahead, moves default rows into their own month, and a second run changes nothing", async () => {
    const [db] = await t.db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`;
    const now = db?.now ?? new Date();
    const before = await whereStored();
    const first = await maintainLoginAttemptPartitions(t.db, { now, monthsAhead: 5, retentionDays: 36_500 });
    expect(first.dropped).toEqual([]);
    expect(first.purgedRows).toBe(0);
    // Two months more ahead than the migration made, plus the two months found in the default partition.
    const ahead = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 5, 1));
    expect(first.created).toContain(`login_attempts_p${ahead.toISOString().slice(0, 7).replace("-", "")}`);
    expect(first.created).toContain("login_attempts_p201906");
    expect(first.created).toHaveLength(4);
    const after = await whereStored();
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(Object.values(after)).not.toContain("login_attempts_default");
    expect(after["2019-06-15T12:00:00.000Z"]).toBe("login_attempts_p201906");

    const list = await names();
    const second = await maintainLoginAttemptPartitions(t.db, { now, monthsAhead: 5, retentionDays: 36_500 });
    expect(second).toEqual({ created: [], dropped: [], purgedRows: 0 });
    expect(await names()).toEqual(list);
  });

  it("two upkeeps at the same moment queue on the advisory lock: both succeed, one does the work", async () => {
    const later = new Date(Date.UTC(2031, 0, 15));
    const [a, b] = await Promise.all([
      maintainLoginAttemptPartitions(t.db, { now: later, monthsAhead: 1, retentionDays: 36_500 }),
      maintainLoginAttemptPartitions(t.db, { now: later, monthsAhead: 1, retentionDays: 36_500 }),
    ]);
    expect([...a.created, ...b.created].sort()).toEqual(["login_attempts_p203101", "login_attempts_p203102"]);
  });

  it("retention drops only partitions wholly older than the cutoff, and purges old rows from the default partition", async () => {
    // A stray old row in the default partition (no partition for 2005-01).
    await insertAt("2005-01-10T00:00:00.000Z");
    expect((await whereStored())["2005-01-10T00:00:00.000Z"]).toBe("login_attempts_default");
    const partitionsBefore = await listLoginAttemptPartitions(t.db);
    const at = new Date("2031-02-20T00:00:00.000Z");
    const retentionDays = 400; // cutoff 2030-01-16: 2030-01 straddles it and stays
    const cutoff = new Date(at.getTime() - retentionDays * 86_400_000);
    const result = await maintainLoginAttemptPartitions(t.db, { now: at, monthsAhead: 0, retentionDays });
    const expected = partitionsBefore.filter((p) => p.to && p.to <= cutoff).map((p) => p.name);
    expect(expected).toContain("login_attempts_p201906");
    expect(result.dropped.sort()).toEqual(expected.sort());
    expect(result.purgedRows).toBe(1);
    const left = await listLoginAttemptPartitions(t.db);
    expect(left.every((p) => !p.to || p.to > cutoff)).toBe(true);
    expect(left.map((p) => p.name)).toEqual(expect.arrayContaining(["login_attempts_p203101", "login_attempts_p203102", "login_attempts_default"]));
    const [count] = await t.db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM login_attempts WHERE occurred_at < ${cutoff}`;
    expect(Number(count?.n)).toBe(0);
    // A row still inside retention survives.
    await insertAt("2031-01-20T00:00:00.000Z");
    await maintainLoginAttemptPartitions(t.db, { now: at, monthsAhead: 0, retentionDays });
    expect((await whereStored())["2031-01-20T00:00:00.000Z"]).toBe("login_attempts_p203101");
  });

  it("keeps ids from the one sequence: new rows get ids above every existing one", async () => {
    const [max] = await t.db.$queryRaw<{ id: bigint }[]>`SELECT max(id) AS id FROM login_attempts`;
    const row = await t.db.loginAttempt.create({ data: { channel: "API", outcome: "SUCCESS", ip: "192.0.2.2", occurredAt: new Date("2031-01-21T00:00:00Z") } });
    expect(row.id > (max?.id ?? 0n)).toBe(true);
    const found = await t.db.loginAttempt.findUnique({ where: { id_occurredAt: { id: row.id, occurredAt: row.occurredAt } } });
    expect(found?.ip).toBe("192.0.2.2");
  });

  it("refuses nonsense arguments instead of dropping data", async () => {
    await expect(maintainLoginAttemptPartitions(t.db, { retentionDays: 0 })).rejects.toThrow();
    await expect(maintainLoginAttemptPartitions(t.db, { monthsAhead: 100 })).rejects.toThrow();
  });
});

describe("LOGIN_ATTEMPT_RETENTION_DAYS", () => {
  it("defaults to 400 and rejects anything but a whole number of days (a typo must not drop a year of data)", () => {
    expect(configFrom({}).LOGIN_ATTEMPT_RETENTION_DAYS).toBe(400);
    expect(configFrom({ LOGIN_ATTEMPT_RETENTION_DAYS: " 90 " }).LOGIN_ATTEMPT_RETENTION_DAYS).toBe(90);
    for (const bad of ["0", "-5", "1.5", "forever", "40000"]) {
      expect(() => configFrom({ LOGIN_ATTEMPT_RETENTION_DAYS: bad })).toThrow(/LOGIN_ATTEMPT_RETENTION_DAYS/);
    }
  });
});
