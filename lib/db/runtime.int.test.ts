// The embedded database serves PostgreSQL with no authentication, so it must be out of
// reach of everyone but the user running the console: no TCP port at all, its socket in
// a folder only that user can open, and a data folder no one else can read.
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { canInspectSockets, tcpListenersOf } from "@/lib/testing/tcp-listeners";
import { SOCKET_FILE } from "./embedded";
import { embeddedDatabaseUrl, openDatabase, socketDirFor, type OpenDatabase } from "./runtime";

let root: string;
const savedDatabaseUrl = process.env.DATABASE_URL;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "console-runtime-test-"));
  delete process.env.DATABASE_URL;
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  if (savedDatabaseUrl !== undefined) process.env.DATABASE_URL = savedDatabaseUrl;
});

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Everything under `dir` that its group or other users could read, write or enter. */
function accessibleToOthers(dir: string, found: string[] = []): string[] {
  const stat = lstatSync(dir);
  if (!stat.isSymbolicLink() && stat.mode & 0o077) found.push(`${(stat.mode & 0o777).toString(8)} ${path.relative(root, dir)}`);
  if (stat.isDirectory()) for (const entry of readdirSync(dir)) accessibleToOthers(path.join(dir, entry), found);
  return found;
}

function makeAccessibleToOthers(dir: string): void {
  const stat = lstatSync(dir);
  chmodSync(dir, stat.isDirectory() ? 0o777 : 0o666);
  if (stat.isDirectory()) for (const entry of readdirSync(dir)) makeAccessibleToOthers(path.join(dir, entry));
}

async function currentUser(url: string): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ user: string }>("SELECT current_user AS user")).rows[0]?.user;
  } finally {
    await client.end();
  }
}

/** Opens the data folder and returns the TCP ports that opening added to this process. */
async function openCountingTcpListeners(dataDir: string): Promise<{ database: OpenDatabase; newTcpListeners: string[] }> {
  const before = new Set(canInspectSockets ? tcpListenersOf(process.pid).map((l) => l.inode) : []);
  const database = await openDatabase({ dataDir });
  const added = canInspectSockets ? tcpListenersOf(process.pid).filter((l) => !before.has(l.inode)) : [];
  return { database, newTcpListeners: added.map((l) => `${l.address}:${l.port}`) };
}

describe("the embedded database's data folder", () => {
  it("opens a fresh folder with no TCP port, its socket in a 0700 folder, and nothing group- or world-accessible", async () => {
    const dataDir = path.join(root, "data");
    const socketDir = socketDirFor(dataDir);
    const { database, newTcpListeners } = await openCountingTcpListeners(dataDir);
    try {
      if (canInspectSockets) expect(newTcpListeners).toEqual([]);
      expect(new URL(database.url).searchParams.get("host")).toBe(socketDir);
      expect(database.embedded?.socketDir).toBe(socketDir);
      expect(modeOf(socketDir)).toBe(0o700);
      expect(lstatSync(path.join(socketDir, SOCKET_FILE)).isSocket()).toBe(true);
      expect(accessibleToOthers(dataDir)).toEqual([]);
      // Other processes of the same user (the web server, e2e, psql) get in by the socket.
      expect(await currentUser(embeddedDatabaseUrl(dataDir))).toBe("postgres");
    } finally {
      await database.close();
    }
    expect(existsSync(path.join(dataDir, "console.lock"))).toBe(false);
    expect(existsSync(path.join(socketDir, SOCKET_FILE))).toBe(false);
    expect(accessibleToOthers(dataDir)).toEqual([]);
  });

  it("takes group and world access away from an existing folder's files (older installs) on open", async () => {
    const dataDir = path.join(root, "data");
    makeAccessibleToOthers(dataDir);
    expect(accessibleToOthers(dataDir).length).toBeGreaterThan(900);
    const { database } = await openCountingTcpListeners(dataDir);
    try {
      expect(accessibleToOthers(dataDir)).toEqual([]);
    } finally {
      await database.close();
    }
  });

  it("puts the socket in a private temporary folder when the data folder's path is too long for a socket", async () => {
    const longDataDir = path.join(root, "x".repeat(60), "y".repeat(60));
    mkdirSync(path.dirname(longDataDir), { recursive: true });
    renameSync(path.join(root, "data"), longDataDir);
    const { database, newTcpListeners } = await openCountingTcpListeners(longDataDir);
    const socketDir = database.embedded?.socketDir ?? "";
    try {
      if (canInspectSockets) expect(newTcpListeners).toEqual([]);
      expect(path.dirname(socketDir)).toBe(tmpdir());
      expect(modeOf(socketDir)).toBe(0o700);
      expect(embeddedDatabaseUrl(longDataDir)).toBe(database.url);
      expect(await currentUser(embeddedDatabaseUrl(longDataDir))).toBe("postgres");
    } finally {
      await database.close();
    }
    expect(existsSync(socketDir)).toBe(false);
    expect(embeddedDatabaseUrl(longDataDir)).toBe(`postgresql://postgres@localhost/postgres?host=${encodeURIComponent(socketDirFor(longDataDir))}`);
  });
});
