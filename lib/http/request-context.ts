// Each request's id, set by the console's own HTTP server (console-server.ts) and read by
// lib/log.ts so that every line a request logs names it. The store lives on globalThis:
// scripts/serve.ts and Next's server bundle each load their own copy of this module, and
// both must see the one AsyncLocalStorage the request runs in.
import { AsyncLocalStorage } from "node:async_hooks";
import { randomBytes } from "node:crypto";

/** The request header carrying our id. Whatever a client sent under this name is discarded. */
export const REQUEST_ID_HEADER = "x-request-id";

export interface RequestContext {
  requestId: string;
}

const KEY = Symbol.for("access-console.request-context");
const holder = globalThis as { [KEY]?: AsyncLocalStorage<RequestContext> };
const storage: AsyncLocalStorage<RequestContext> = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

/** 16 random bytes in hex: never a client's value, so a log search by it finds only this request. */
export function newRequestId(): string {
  return randomBytes(16).toString("hex");
}

export function runInRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request's context, or undefined outside a request (jobs, startup). */
export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}
