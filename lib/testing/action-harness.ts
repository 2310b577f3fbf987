// Calling server actions in integration tests the way Next would: with a session for
// a given staff user (or none) and request headers. Use with
//   vi.mock("@/lib/auth/auth", () => authMock);
//   vi.mock("next/headers", () => headersMock);
// and point process.env.DATABASE_URL at the test database before the first call.
import { vi } from "vitest";

const state: { staffId: string | null; sid: string | null; signedInAt: number | null } = { staffId: null, sid: null, signedInAt: null };

/**
 * Acts as this staff user (by id) from now on; null for an anonymous caller. The session
 * gets an id and a sign-in time of now unless the test says otherwise (null: missing).
 */
export function actAs(staffId: string | null, options: { sid?: string | null; signedInAt?: number | null } = {}): void {
  state.staffId = staffId;
  state.sid = options.sid === undefined ? `test-session-${staffId ?? "anonymous"}` : options.sid;
  state.signedInAt = options.signedInAt === undefined ? Math.floor(Date.now() / 1000) : options.signedInAt;
}

/** A current console session of this staff user, as Auth.js's `auth()` returns it. */
export function sessionOf(staffId: string) {
  return { user: { id: staffId, email: "", name: "", role: "AGENT" }, expires: "", sid: `test-session-${staffId}`, signedInAt: Math.floor(Date.now() / 1000) };
}

export const authMock = {
  auth: vi.fn(() =>
    Promise.resolve(
      state.staffId
        ? {
            user: { id: state.staffId, email: "", name: "", role: "AGENT" },
            expires: "",
            ...(state.sid !== null ? { sid: state.sid } : {}),
            ...(state.signedInAt !== null ? { signedInAt: state.signedInAt } : {}),
          }
        : null,
    ),
  ),
  signIn: vi.fn(),
  signOut: vi.fn(),
  handlers: {},
};

export const headersMock = {
  headers: vi.fn(() => Promise.resolve(new Headers({ "x-console-peer": "198.51.100.23", "user-agent": "vitest" }))),
  cookies: vi.fn(),
};

/** next/navigation's redirect and forbidden as errors a test can expect. */
export const navigationMock = {
  redirect: (to: string) => {
    throw new Error(`redirect:${to}`);
  },
  forbidden: () => {
    throw new Error("forbidden");
  },
};
