// The embedded demo's platform source, `demo-platform` (scopes ingest and redeem), so the
// docs/platform-api.md's curl examples work as soon as `npm start` is up. Its token sits in a file in
// the data folder, readable by this user only (the folder is too), because the database
// keeps only the hash: the file is the one place the token can be read again.
//
// The file and the database must agree, whatever happened in between (a reseed, a
// deleted file, an admin who rotated or revoked the source on the sources page):
//   - the file's token opens the source        -> nothing to do
//   - no source yet                             -> create it (with the file's token if the
//                                                  file holds a well-formed one, else a new one)
//   - the source exists, the file is missing or stale -> rotate it (no grace: the stale
//                                                  token is gone anyway) and rewrite the file
//   - the source is revoked                     -> leave it revoked and remove the file
// Embedded mode only: a server deployment never gets a demo source or a token file.
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Db } from "@/lib/db/prisma";
import { bearerToken, displayPrefix, hashSourceToken, newSourceToken } from "./tokens";

export const DEMO_SOURCE_NAME = "demo-platform";
export const DEMO_SOURCE_TOKEN_FILE = "demo-platform.token";

export const demoSourceTokenPath = (dataDir: string) => path.join(dataDir, DEMO_SOURCE_TOKEN_FILE);

export type DemoSourceState = { state: "ready"; token: string; file: string; change: "kept" | "created" | "rotated" } | { state: "revoked"; file: string };

function readToken(file: string): string | null {
  if (!existsSync(file)) return null;
  return bearerToken(`Bearer ${readFileSync(file, "utf8").trim()}`);
}

/** Written to a temporary name then renamed, 0600 from the start: never a half-written or world-readable token. */
function writeToken(file: string, token: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, `${token}\n`, { mode: 0o600 });
  renameSync(temporary, file);
}

export async function ensureDemoSource(db: Db, dataDir: string, now = new Date()): Promise<DemoSourceState> {
  const file = demoSourceTokenPath(dataDir);
  const fromFile = readToken(file);
  const source = await db.eventSource.findUnique({ where: { name: DEMO_SOURCE_NAME }, select: { id: true, tokenHash: true, revokedAt: true } });

  if (source?.revokedAt) {
    rmSync(file, { force: true });
    return { state: "revoked", file };
  }
  if (source && fromFile && hashSourceToken(fromFile) === source.tokenHash) return { state: "ready", token: fromFile, file, change: "kept" };

  if (!source) {
    const token = fromFile ?? newSourceToken().token;
    await db.eventSource.create({
      data: { name: DEMO_SOURCE_NAME, tokenHash: hashSourceToken(token), tokenPrefix: displayPrefix(token), scopes: ["ingest", "redeem"] },
    });
    writeToken(file, token);
    return { state: "ready", token, file, change: "created" };
  }

  const issued = newSourceToken();
  await db.eventSource.update({
    where: { id: source.id },
    data: {
      tokenHash: issued.hash,
      tokenPrefix: issued.prefix,
      previousTokenHash: null,
      previousTokenPrefix: null,
      previousTokenExpiresAt: null,
      rotatedAt: now,
    },
  });
  writeToken(file, issued.token);
  return { state: "ready", token: issued.token, file, change: "rotated" };
}
