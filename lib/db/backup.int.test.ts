// A restore from a backup older than the last recorded audit head is caught by the anchor:
// the chain of what was restored is intact (every link checks), only the anchor knows
// entries are missing. pg_dump and pg_restore need the PostgreSQL server (CI's second
// integration run); the embedded database has no such tools.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain, type ChainLink, type VerifyChainResult } from "@/lib/audit/verify-chain";
import { writeAudit } from "@/lib/audit/write-audit";
import { createDatabase, dropDatabase, dumpDatabase, restoreDatabase } from "./backup";
import { createTestDatabase, type TestDatabase } from "./test-database";

const server = process.env.TEST_DATABASE_URL;

async function verify(url: string, anchor?: ChainLink): Promise<VerifyChainResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await verifyAuditChain(client, anchor ? { anchor } : {});
  } finally {
    await client.end();
  }
}

describe.skipIf(!server)("restoring a backup (pg_dump, pg_restore)", () => {
  const suffix = `${process.pid}_${Date.now().toString(36)}`;
  const restoredNames = [`backup_latest_${suffix}`, `backup_older_${suffix}`];
  let source: TestDatabase;
  let work: string;
  let anchor: ChainLink;

  beforeAll(async () => {
    source = await createTestDatabase();
    work = await mkdtemp(path.join(tmpdir(), "backup-test-"));
    const entry = { actor: { id: null, email: "backup-test" }, action: "account.view", outcome: "DONE" } as const;
    for (let i = 0; i < 3; i++) await writeAudit(source.db, entry);
    await dumpDatabase(source.url, path.join(work, "older.dump"));
    await writeAudit(source.db, entry);
    const head = await verify(source.url);
    if (!head.ok || !head.head) throw new Error("no head");
    anchor = head.head;
    await dumpDatabase(source.url, path.join(work, "latest.dump"));
  });
  afterAll(async () => {
    for (const name of restoredNames) await dropDatabase(server ?? "", name);
    await source.drop();
    await rm(work, { recursive: true, force: true });
  });

  it("the latest backup restores with its whole trail, the recorded head in it", async () => {
    const url = await createDatabase(server ?? "", restoredNames[0] ?? "");
    await restoreDatabase(path.join(work, "latest.dump"), url);
    expect(await verify(url, anchor)).toMatchObject({ ok: true, count: 4 });
  });

  it("an older backup, which lost the newest entry, passes without the anchor and fails with it", async () => {
    const url = await createDatabase(server ?? "", restoredNames[1] ?? "");
    await restoreDatabase(path.join(work, "older.dump"), url);
    expect(await verify(url)).toMatchObject({ ok: true, count: 3 });
    expect(await verify(url, anchor)).toMatchObject({ ok: false, broken: { id: anchor.id, problem: "anchor_mismatch" } });
  });
});
