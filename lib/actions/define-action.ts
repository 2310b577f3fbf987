import "server-only";
import { headers } from "next/headers";
import type { z } from "zod";
import type { AuditAction } from "@/lib/audit/action-names";
import { writeAudit, type AuditInput } from "@/lib/audit/write-audit";
import { getCurrentStaff, type StaffContext } from "@/lib/auth/current-staff";
import { can, type Permission } from "@/lib/auth/permissions";
import { getDb } from "@/lib/db/client";
import type { Tx } from "@/lib/db/prisma";
import { markReadYourWrites } from "@/lib/db/read-routing";
import { requestMeta, type RequestMeta } from "@/lib/http/client-address";
import { log } from "@/lib/log";
import type { ActionResult } from "@/lib/model/action-result";
import type { ActionOutcome, AuditTarget, Refusal } from "@/lib/model/action-outcome";

export { done, refuse, type ActionOutcome, type AuditTarget, type Refusal } from "@/lib/model/action-outcome";

export interface ActionContext<I> {
  tx: Tx;
  actor: StaffContext;
  input: I;
  meta: RequestMeta;
  now: Date;
}

export interface ActionSpec<S extends z.ZodType, T> {
  /** What the audit trail calls it. */
  name: AuditAction;
  /** The permission that lets a role ask. Actions that always refuse still name one. */
  permission: Permission;
  input: S;
  /** The audit target known from the input alone (used for refusals before `run`). */
  target?: (input: z.output<S>) => AuditTarget;
  run: (ctx: ActionContext<z.output<S>>) => Promise<ActionOutcome<T>>;
}

/**
 * What a page hands a client component: typed by the action's zod input, so the client
 * is told what to send (the server still validates whatever arrives: a crafted request
 * can send anything). A form's FormData is accepted too.
 */
export type ServerAction<I, T> = (input: I | FormData) => Promise<ActionResult<T>>;

/** An action as a crafted request sees it: anything may arrive. */
export type UncheckedAction<T> = (raw: unknown) => Promise<ActionResult<T>>;

/** For the tests that send garbage or the wrong shape on purpose (the server must cope). */
export function unchecked<T>(action: ServerAction<never, T>): UncheckedAction<T> {
  return action as UncheckedAction<T>;
}

// Lets the authorisation matrix test prove that every exported action was built here.
const specs = new WeakMap<(raw: unknown) => Promise<unknown>, ActionSpec<z.ZodType, unknown>>();
export function getActionSpec(action: unknown): ActionSpec<z.ZodType, unknown> | undefined {
  return typeof action === "function" ? specs.get(action as (raw: unknown) => Promise<unknown>) : undefined;
}

/** Carries a refusal out of the transaction, so that it rolls back. */
class RefusedSignal extends Error {
  constructor(readonly outcome: Extract<Refusal, { refuse: unknown }>["refuse"]) {
    super(outcome.code);
  }
}

const MESSAGES: Record<"UNAUTHENTICATED" | "FORBIDDEN" | "INVALID_INPUT" | "INTERNAL", string> = {
  UNAUTHENTICATED: "Your session has ended. Sign in again to continue.",
  FORBIDDEN: "Your role does not allow this action. Ask a team lead or an admin.",
  INVALID_INPUT: "Some fields need attention.",
  INTERNAL: "Something went wrong on our side; nothing was changed. Try again, and tell an admin if it keeps happening.",
};

/**
 * What a caller other than the console's own pages adds to every audit entry of an action
 * (the staff API: `via`, the token's name and prefix), beside the action's own detail.
 */
export type CallerDetail = Record<string, string | number>;

function withCaller(detail: AuditInput["detail"], caller: CallerDetail | undefined): AuditInput["detail"] {
  if (!caller) return detail;
  const base = detail && typeof detail === "object" && !Array.isArray(detail) ? detail : detail === undefined ? {} : { value: detail };
  // Flat and first, as the API's reads record it: nested under one key, the audit log
  // printed it as raw JSON ("via: {"via":"zendesk",…}"). The caller's keys win a clash.
  const own = Object.fromEntries(Object.entries(base).filter(([key]) => !(key in caller)));
  return { ...caller, ...own };
}

type Runner<T> = (actor: StaffContext, raw: unknown, meta: RequestMeta, caller?: CallerDetail) => Promise<ActionResult<T>>;
const runners = new WeakMap<(raw: unknown) => Promise<unknown>, Runner<unknown>>();

/**
 * The action's whole path after the session (permission, input, the work and its audit
 * entries, rate limits and idempotency included) for a caller that established the staff
 * member another way: the staff API, whose principal re-reads the role per call. One code
 * path, so the API can never do what the console's button would refuse.
 */
export function runActionAs<T>(
  action: ServerAction<never, T>,
  actor: StaffContext,
  raw: unknown,
  meta: RequestMeta,
  caller: CallerDetail,
): Promise<ActionResult<T>> {
  const runner = runners.get(action as (raw: unknown) => Promise<unknown>) as Runner<T> | undefined;
  if (!runner) throw new Error("runActionAs: not an action built by defineAction");
  return runner(actor, raw, meta, caller);
}

function toPlainInput(raw: unknown): unknown {
  if (raw instanceof FormData) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of raw.entries()) if (!key.startsWith("$ACTION")) out[key] = typeof value === "string" ? value : undefined;
    return out;
  }
  return raw;
}

/**
 * Builds a server action: session -> staff user and role from the database ->
 * permission -> zod input -> the work and its audit entry in one transaction -> a
 * closed result. Every refusal is audited too (in its own transaction, after the
 * work's has rolled back).
 */
export function defineAction<S extends z.ZodType, T>(spec: ActionSpec<S, T>): ServerAction<z.input<S>, T> {
  const action = async (raw: unknown): Promise<ActionResult<T>> => {
    const db = getDb();
    const meta = requestMeta(await headers());
    const audit = (entry: Omit<AuditInput, "action" | "ip" | "userAgent">) =>
      writeAudit(db, { ...entry, action: spec.name, ...meta }).catch((error: unknown) => log.error("audit write failed", { action: spec.name, error }));

    const actor = await getCurrentStaff();
    if (!actor) {
      await audit({ actor: { id: null, email: "(not signed in)" }, outcome: "REFUSED", code: "UNAUTHENTICATED" });
      return { ok: false, code: "UNAUTHENTICATED", message: MESSAGES.UNAUTHENTICATED };
    }
    try {
      return await runAs(actor, raw, meta, audit, undefined);
    } finally {
      // Whatever the outcome, something of it was written (the audit entry at least),
      // and this agent's next pages should show it: for a while their lag-tolerant
      // reads go to the primary rather than a replica that may not have it yet.
      await markReadYourWrites().catch((error: unknown) => log.error("could not mark read-your-writes", { action: spec.name, error }));
    }
  };

  /** Everything after the session: permission, input, the work and its audit entry. */
  const runAs = async (
    actor: StaffContext,
    raw: unknown,
    meta: RequestMeta,
    auditRaw: (entry: Omit<AuditInput, "action" | "ip" | "userAgent">) => Promise<unknown>,
    caller: CallerDetail | undefined,
  ): Promise<ActionResult<T>> => {
    const db = getDb();
    const audit = (entry: Omit<AuditInput, "action" | "ip" | "userAgent">) => auditRaw({ ...entry, detail: withCaller(entry.detail, caller) });
    const who = { id: actor.id, email: actor.email };
    if (!can(actor.role, spec.permission)) {
      await audit({ actor: who, outcome: "REFUSED", code: "FORBIDDEN", reason: `needs ${spec.permission}` });
      return { ok: false, code: "FORBIDDEN", message: MESSAGES.FORBIDDEN };
    }
    const parsed = spec.input.safeParse(toPlainInput(raw));
    if (!parsed.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path.length ? issue.path.join(".") : "_";
        (fieldErrors[key] ??= []).push(issue.message);
      }
      await audit({ actor: who, outcome: "REFUSED", code: "INVALID_INPUT", detail: { fields: Object.keys(fieldErrors) } });
      return { ok: false, code: "INVALID_INPUT", message: MESSAGES.INVALID_INPUT, fieldErrors };
    }
    const input = parsed.data;
    const target = spec.target?.(input) ?? {};
    try {
      const data = await db.$transaction(async (tx) => {
        const outcome = await spec.run({ tx, actor, input, meta, now: new Date() });
        if ("refuse" in outcome) throw new RefusedSignal(outcome.refuse);
        const entry = { ...target, ...outcome.audit };
        await writeAudit(tx, { actor: who, action: spec.name, outcome: "DONE", ...entry, detail: withCaller(entry.detail, caller), ...meta });
        return outcome.done;
      });
      return { ok: true, data };
    } catch (error) {
      if (error instanceof RefusedSignal) {
        const { code, message, reason, audit: refusalTarget } = error.outcome;
        await audit({ actor: who, outcome: "REFUSED", code: reason, ...target, ...refusalTarget });
        return { ok: false, code, message };
      }
      log.error("server action failed", { action: spec.name, actor: actor.id, error });
      await audit({ actor: who, outcome: "FAILED", code: "INTERNAL", ...target });
      return { ok: false, code: "INTERNAL", message: MESSAGES.INTERNAL };
    }
  };
  specs.set(action, spec);
  runners.set(action, (actor, raw, meta, caller) => {
    const db = getDb();
    const audit = (entry: Omit<AuditInput, "action" | "ip" | "userAgent">) =>
      writeAudit(db, { ...entry, action: spec.name, ...meta }).catch((error: unknown) => log.error("audit write failed", { action: spec.name, error }));
    return runAs(actor, raw, meta, audit, caller);
  });
  return action;
}
