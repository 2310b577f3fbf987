// Calling server actions in integration tests the way Next would: with a session for
// a given staff user (or none) and request headers. Use with
//   vi.mock("@/lib/auth/auth", () => authMock);
//   vi.mock("next/headers", () => headersMock);
// and point process.env.DATABASE_URL at the test database before the first call.
import { AsyncLocalStorage } from "node:async_hooks";
import { vi } from "vitest";
// Types only: this module is imported by vi.mock factories of @/lib/auth/auth, and a
// runtime import of the action wrapper (which imports that module) would deadlock.
import type { ServerAction, UncheckedAction } from "@/lib/actions/define-action";

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

// For tests that run actions concurrently as different staff users: who is signed in
// comes from an AsyncLocalStorage rather than shared state, so each call sees its own
// session. Use with
//   vi.mock("@/lib/auth/auth", async () => (await import("@/lib/testing/action-harness")).perCallAuthMock);
const caller = new AsyncLocalStorage<string | null>();

export const perCallAuthMock = {
  auth: () => {
    const staffId = caller.getStore();
    return Promise.resolve(staffId ? sessionOf(staffId) : null);
  },
};

/** Calls the action as this staff user (null: anonymous) with whatever input, garbage included. */
export function callAs<T>(staffId: string | null, action: ServerAction<never, T>, input: unknown) {
  return caller.run(staffId, () => (action as UncheckedAction<T>)(input));
}
