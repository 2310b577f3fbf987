import "server-only";
// Which database a read goes to when a read replica is configured (DATABASE_READ_URL).
//
// A streaming replica lags the primary by a little (usually milliseconds, seconds under
// load). Reads that tolerate that go to the replica: the search, the audit pages, the
// CSV exports, the account timeline (lib/data/console-data.ts and
// lib/export/define-export-route.ts name them). Everything else stays on the primary:
// writes (including the audit entries those reads make), every check an action makes
// before acting, and the account page's facts an agent decides on.
//
// Read-your-writes: an agent who has just acted (sent a reset, changed a role) must see
// the result on the page that follows, which a lagging replica might not have yet. So
// every action marks the browser with a short-lived cookie, and while it lasts that
// agent's lag-tolerant reads go to the primary too. A cookie rather than server memory
// because the web tier is stateless behind a load balancer (the next request may reach
// another instance); rather than a field in the session JWT because re-issuing the
// session from an action is Auth.js's business. The cookie holds no secret and grants
// nothing: a forged one only sends its own reads to the primary, a deleted one only
// shows that browser slightly older data.
import { cookies } from "next/headers";
import { getDb, getReplicaDb } from "./client";
import type { Db } from "./prisma";
import { config, type Config } from "@/lib/config";

export const READ_PRIMARY_COOKIE = "console-read-primary-until";

/** How long after an action its agent reads from the primary (READ_YOUR_WRITES_SECONDS, default 15). */
// At most 600 s (lib/config.ts): the window only has to outlast replication lag, and a
// cookie that pins a browser to the primary for hours would quietly undo the replica.
export function readYourWritesMs(c: Config = config()): number {
  return c.READ_YOUR_WRITES_SECONDS * 1000;
}

/** Whether a browser carrying this cookie value still reads from the primary at `now`. */
export function isInReadYourWritesWindow(cookieValue: string | undefined, now: number): boolean {
  if (!cookieValue || !/^\d{1,15}$/.test(cookieValue)) return false;
  return Number(cookieValue) > now;
}

/**
 * The database for a read that may lag a little: the replica, unless there is none or
 * this browser acted within the read-your-writes window. Call it once per request
 * (a page, an export) and use the answer for all of that request's lag-tolerant reads.
 */
export async function lagTolerantDb(): Promise<Db> {
  const replica = getReplicaDb();
  // No replica: no cookie is read, so nothing changes for a deployment without one.
  if (!replica) return getDb();
  const mark = (await cookies()).get(READ_PRIMARY_COOKIE)?.value;
  return isInReadYourWritesWindow(mark, Date.now()) ? getDb() : replica;
}

/**
 * Called by every action a signed-in staff user makes (lib/actions/define-action.ts):
 * this browser's next reads, for the window, go to the primary. Refusals count too: a
 * refused action is on the timeline and in the audit log as well.
 */
export async function markReadYourWrites(now: number = Date.now()): Promise<void> {
  // Without a replica there is nothing to route. Setting a cookie in a server action
  // also makes Next re-render the page in the action's response, a cost not worth
  // paying for nothing.
  if (!getReplicaDb()) return;
  const windowMs = readYourWritesMs();
  if (windowMs === 0) return;
  (await cookies()).set(READ_PRIMARY_COOKIE, String(now + windowMs), {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    maxAge: Math.ceil(windowMs / 1000),
  });
}
