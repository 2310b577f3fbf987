// What every server action answers: a closed set the UI can switch on. Messages are
// written for the agent; internal details never leave the server.
export const ACTION_ERROR_CODES = [
  "UNAUTHENTICATED", // no session, or the staff user was disabled
  "FORBIDDEN", // the role lacks the permission
  "INVALID_INPUT", // zod said no; fieldErrors says where
  "NOT_FOUND", // the target does not exist
  "REFUSED", // the target's state forbids it (banned, terminated, last admin...)
  "RATE_LIMITED",
  "CONFLICT",
  "INTERNAL", // unexpected: logged with detail, answered generically
] as const;

export type ActionErrorCode = (typeof ACTION_ERROR_CODES)[number];

export type ActionResult<T> = { ok: true; data: T } | { ok: false; code: ActionErrorCode; message: string; fieldErrors?: Record<string, string[]> };

export type ActionFailure = Extract<ActionResult<never>, { ok: false }>;
