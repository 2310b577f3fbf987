// The embedded demo's source and its token file stay in agreement whatever happens
// between two starts, and the file is this user's only.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { authenticateSource } from "./authenticate";
import { DEMO_SOURCE_NAME, demoSourceTokenPath, ensureDemoSource } from "./demo-source";

let t: TestDatabase;
let dir: string;

beforeAll(async () => {
  t = await createTestDatabase();
  dir = mkdtempSync(path.join(tmpdir(), "demo-source-"));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t?.drop();
});

const fileToken = () => readFileSync(demoSourceTokenPath(dir), "utf8").trim();
const opens = async (token: string) =>
  (await authenticateSource(t.db, `Bearer ${token}`, "redeem")).ok && (await authenticateSource(t.db, `Bearer ${token}`, "ingest")).ok;

describe("ensureDemoSource", () => {
  it("creates demo-platform with ingest and redeem, and writes its token for the owner only", async () => {
    const first = await ensureDemoSource(t.db, dir);
    expect(first).toMatchObject({ state: "ready", change: "created" });
    expect(statSync(demoSourceTokenPath(dir)).mode & 0o777).toBe(0o600);
    expect(fileToken()).toBe(first.state === "ready" ? first.token : "");
    expect(await opens(fileToken())).toBe(true);
    expect((await t.db.eventSource.findUniqueOrThrow({ where: { name: DEMO_SOURCE_NAME } })).scopes).toEqual(["ingest", "redeem"]);
  });

  it("keeps a token that still opens the source", async () => {
    const before = fileToken();
    expect(await ensureDemoSource(t.db, dir)).toMatchObject({ state: "ready", change: "kept", token: before });
    expect(fileToken()).toBe(before);
  });

  it("rotates when the file is missing, garbled or stale, so the file always holds the working token", async () => {
    for (const damage of [
      () => Promise.resolve(rmSync(demoSourceTokenPath(dir))),
      () => Promise.resolve(writeFileSync(demoSourceTokenPath(dir), "not a token\n", { mode: 0o600 })),
      // An admin rotated it on the sources page: the file's token is not the current one.
      () => t.db.eventSource.update({ where: { name: DEMO_SOURCE_NAME }, data: { tokenHash: "f".repeat(64) } }),
    ]) {
      const old = fileToken();
      await damage();
      expect(await ensureDemoSource(t.db, dir)).toMatchObject({ state: "ready", change: "rotated" });
      expect(fileToken()).not.toBe(old);
      expect(await opens(fileToken())).toBe(true);
      expect(await opens(old)).toBe(false);
    }
  });

  it("recreates the source from the file's token after the database was reseeded", async () => {
    const token = fileToken();
    await t.db.eventSource.delete({ where: { name: DEMO_SOURCE_NAME } });
    expect(await ensureDemoSource(t.db, dir)).toMatchObject({ state: "ready", change: "created", token });
    expect(await opens(token)).toBe(true);
  });

  it("leaves a revoked source revoked and removes the file", async () => {
    await t.db.eventSource.update({ where: { name: DEMO_SOURCE_NAME }, data: { revokedAt: new Date() } });
    expect(await ensureDemoSource(t.db, dir)).toMatchObject({ state: "revoked" });
    expect(() => statSync(demoSourceTokenPath(dir))).toThrow();
  });
});
