// A Watch live session survives the browser's automatic reconnects (EventSource sends
// back the id of the last event it got as Last-Event-ID) without a second audit entry
// and without skipping attempts: every event id carries the session's start, the
// cursor's floor and a MAC over them, the staff member and the account. A forged or
// edited id fails the MAC and simply starts (and audits) a new session, so no one can
// watch unaudited by sending a made-up header.
import { macOf, purposeKey, sameMac } from "@/lib/auth/purpose-key";

/** How long one session streams before the agent has to resume it. */
export const WATCH_SESSION_MS = 5 * 60_000;

// Without AUTH_SECRET (tests), the key is per process: resumes then only work on the
// same instance, and elsewhere start a new, audited, session.
function mac(staffId: string, accountId: number, startedAt: number, floor: bigint): string {
  return macOf(purposeKey("watch-live-session"), `v1|${staffId}|${accountId}|${startedAt}|${floor}`).toString("base64url");
}

export function sessionEventId(staffId: string, accountId: number, startedAt: number, floor: bigint): string {
  return `${startedAt}.${floor}.${mac(staffId, accountId, startedAt, floor)}`;
}

export interface ResumedSession {
  startedAt: number;
  floor: bigint;
}

/** The session a Last-Event-ID continues, or null (absent, forged, someone else's, or over). */
export function resumeSession(lastEventId: string | null, staffId: string, accountId: number, now = Date.now()): ResumedSession | null {
  if (!lastEventId || lastEventId.length > 200) return null;
  const m = /^(\d{13})\.(\d{1,19})\.([A-Za-z0-9_-]{43})$/.exec(lastEventId);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const startedAt = Number(m[1]);
  const floor = BigInt(m[2]);
  const expected = Buffer.from(mac(staffId, accountId, startedAt, floor));
  const given = Buffer.from(m[3]);
  if (!sameMac(expected, given)) return null;
  if (startedAt > now || now - startedAt >= WATCH_SESSION_MS) return null;
  return { startedAt, floor };
}
