// The embedded server must behave like PostgreSQL when several connections talk at
// once (the console's pool, the launcher's email dispatcher): each query gets its own
// answer, whatever the others are doing.
import { existsSync, statSync } from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedPostgres } from "./embedded";

let server: EmbeddedPostgres;
let pool: pg.Pool;

beforeAll(async () => {
  server = await startEmbeddedPostgres();
  pool = new pg.Pool({ connectionString: server.url, max: 8 });
});
afterAll(async () => {
  await pool?.end();
  await server?.stop();
});

describe("embedded PostgreSQL under concurrent connections", () => {
  it("answers 400 parameterised queries from 8 connections at once, each with its own result", async () => {
    const answers = await Promise.all(
      Array.from({ length: 400 }, (_, i) => pool.query<{ n: number; s: string }>("SELECT $1::int AS n, repeat('x', $1::int % 50) AS s", [i])),
    );
    answers.forEach((answer, i) => {
      expect(answer.rows).toEqual([{ n: i, s: "x".repeat(i % 50) }]);
    });
  });

  it("keeps a transaction's statements together while other connections query", async () => {
    await pool.query("CREATE TABLE IF NOT EXISTS counter (n int)");
    const tx = async (i: number) => {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        await client.query("INSERT INTO counter VALUES ($1)", [i]);
        if (i % 2) await client.query("ROLLBACK");
        else await client.query("COMMIT");
      } finally {
        client.release();
      }
    };
    await Promise.all([...Array.from({ length: 40 }, (_, i) => tx(i)), ...Array.from({ length: 40 }, (_, i) => pool.query("SELECT $1::int", [i]))]);
    const { rows } = await pool.query<{ c: number }>("SELECT count(*)::int AS c FROM counter");
    expect(rows[0]?.c).toBe(20);
  });

  it("serves an in-memory database on a socket in its own 0700 folder, removed on stop", async () => {
    const other = await startEmbeddedPostgres();
    expect(statSync(other.socketDir).mode & 0o777).toBe(0o700);
    expect(new URL(other.url).searchParams.get("host")).toBe(other.socketDir);
    await other.stop();
    expect(existsSync(other.socketDir)).toBe(false);
  });
});
