// Calling server actions in integration tests the way Next would: with a session for
// a given staff user (or none) and request headers. Use with
//   vi.mock("@/lib/auth/auth", () => authMock);
//   vi.mock("next/headers", () => headersMock);
// and point process.env.DATABASE_URL at the test database before the first call.
import { vi } from "vitest";

const state: { staffId: string | null; sid: string | undefined } = { staffId: null, sid: undefined };

/** Acts as this staff user (by id) from now on; null for an anonymous caller. */
export function actAs(staffId: string | null, options: { sid?: string } = {}): void {
  state.staffId = staffId;
  state.sid = options.sid;
}

export const authMock = {
  auth: vi.fn(() =>
    Promise.resolve(state.staffId ? { user: { id: state.staffId, email: "", name: "", role: "AGENT" }, expires: "", ...(state.sid ? { sid: state.sid } : {}) } : null),
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
