import "server-only";
// The one door for machine-to-machine routes (the platform's ingest and redemption, the
// staff API): a route handler built from what differs (who may call, what it reads, what
// it does), with the steps every such route takes, in this order, kept here:
//   authenticate (401/403 from the headers alone, before a byte of the body is read, so an
//   unauthenticated caller cannot make the process hold a body) -> the route's own checks
//   that need no body (a rate limit, a content type) -> the URL's input through its zod
//   schema (400) -> the body read under a byte cap (413) and parsed with zod (400) -> the
//   handler, which returns a value (200 JSON) or a `reply` with another status.
// Every refusal is one body, `{"error": {"code", "message"}}`, with `cache-control:
// no-store`: a handler throws `ApiError`, the door answers. A refusal that leaves the body
// unread also says `connection: close`: Node's server would otherwise drain everything the
// client still sends, after the answer, to keep the connection.
import type { z } from "zod";
import { getDb } from "@/lib/db/client";
import type { Db } from "@/lib/db/prisma";
import { log } from "@/lib/log";
import { firstIssue, readInput } from "@/lib/validation/read-input";
import { BodyTooLarge, readLimited } from "./read-limited";

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** A refusal with its status, code and sentence; any handler or hook may throw it. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export type Authentication<P> = { ok: true; principal: P } | { ok: false; status: 401 | 403; code: string; message: string };

/** Who is calling: a source token, a personal access token, or whatever comes next. */
export interface Authenticator<P, S extends string> {
  /** What a 401's `WWW-Authenticate: Bearer realm="…"` names. */
  realm: string;
  authenticate(db: Db, request: Request, scope: S, now: Date): Promise<Authentication<P>>;
}

/** A handler's answer other than 200 JSON. */
export class Reply {
  constructor(
    readonly body: unknown,
    readonly status: number,
    readonly headers: Record<string, string> = {},
  ) {}
}
export const reply = (body: unknown, status = 200, headers: Record<string, string> = {}) => new Reply(body, status, headers);

type BodySpec<B> =
  /** The bytes under the cap, for a handler that parses its own format (ingest's three). */
  | { kind: "bytes"; maxBytes: number; tooLarge: string }
  /** JSON under the cap, through `schema`; `invalidCode` for an API that named it before the door. */
  | { kind: "json"; maxBytes: number; tooLarge: string; schema: z.ZodType<B>; invalidCode?: string; hint?: string };

export interface HandlerContext<P, Q, B> {
  db: Db;
  request: Request;
  principal: P;
  now: Date;
  /** The query string and the path's segments, through `input`. */
  input: Q;
  body: B;
}

export interface PlatformRouteSpec<P, S extends string, Q, B, T> {
  /** Names the route in logs and the route matrix: "POST /api/ingest/v1/events". */
  where: string;
  authenticator: Authenticator<P, S>;
  scope: S;
  /** The query string's parameters and the path's segments, as one object. */
  input?: z.ZodType<Q>;
  /** Checks that need no body (a rate limit, a content type): throw ApiError to refuse. */
  before?: (context: { db: Db; request: Request; principal: P; now: Date }) => Promise<void> | void;
  body?: BodySpec<B>;
  /** Headers added to every answer (CORS): from the request, after the fact. */
  headers?: (request: Request) => Record<string, string>;
  /** Told of every answer, refusals by the door included (metrics): its status and error code (null on success). */
  answered?: (outcome: { status: number; code: string | null }) => void;
  handle: (context: HandlerContext<P, Q, B>) => Promise<T | Reply>;
}

export interface ServeOptions {
  db: Db;
  now?: Date;
  params?: Record<string, string>;
}

export type RouteContext = { params: Promise<Record<string, string>> };
export type PlatformHandler = ((request: Request, context?: RouteContext) => Promise<Response>) & {
  /** The same route on a given database and clock (tests, benchmarks). */
  serve: (request: Request, options: ServeOptions) => Promise<Response>;
};

export interface PlatformRouteGuard {
  where: string;
  realm: string;
  scope: string;
}

// Lets lib/auth/route-matrix.int.test.ts read each machine route's guard from the handler.
const guards = new WeakMap<object, PlatformRouteGuard>();
export function getPlatformRouteGuard(handler: unknown): PlatformRouteGuard | undefined {
  return typeof handler === "function" ? guards.get(handler) : undefined;
}

export function errorResponse(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
  const body: ApiErrorBody = { error: { code, message } };
  return Response.json(body, { status, headers: { "cache-control": "no-store", ...headers } });
}

async function readJson<B>(request: Request, spec: Extract<BodySpec<B>, { kind: "json" }>): Promise<B> {
  const bytes = await readLimited(request, spec.maxBytes);
  const code = spec.invalidCode ?? "INVALID_REQUEST";
  const hint = spec.hint ? ` ${spec.hint}` : "";
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new ApiError(400, code, `The body must be JSON.${hint}`);
  }
  const result = spec.schema.safeParse(parsed);
  if (!result.success) {
    const { field, message } = firstIssue(result.error, "body");
    throw new ApiError(400, code, `${field}: ${message}.${hint}`.replace(/\.\./g, "."));
  }
  return result.data;
}

export function definePlatformRoute<P, S extends string, Q = Record<string, never>, B = undefined, T = unknown>(
  spec: PlatformRouteSpec<P, S, Q, B, T>,
): PlatformHandler {
  const unauthenticatedHeaders = { "www-authenticate": `Bearer realm="${spec.authenticator.realm}"` };

  async function run(request: Request, options: ServeOptions): Promise<{ response: Response; code: string | null }> {
    const { db } = options;
    const now = options.now ?? new Date();
    let bodyRead = false;
    try {
      const auth = await spec.authenticator.authenticate(db, request, spec.scope, now);
      if (!auth.ok) throw new ApiError(auth.status, auth.code, auth.message, auth.status === 401 ? unauthenticatedHeaders : {});
      const { principal } = auth;
      await spec.before?.({ db, request, principal, now });
      let input = {} as Q;
      if (spec.input) {
        const read = readInput(spec.input, { ...Object.fromEntries(new URL(request.url).searchParams), ...options.params });
        if (!read.ok) throw new ApiError(400, "INVALID_REQUEST", `${read.field}: ${read.message}`);
        input = read.data;
      }
      let body = undefined as B;
      if (spec.body) {
        bodyRead = true;
        try {
          body = spec.body.kind === "json" ? await readJson(request, spec.body) : ((await readLimited(request, spec.body.maxBytes)) as B);
        } catch (error) {
          if (!(error instanceof BodyTooLarge)) throw error;
          bodyRead = false;
          throw new ApiError(413, "BODY_TOO_LARGE", spec.body.tooLarge);
        }
      }
      const result = await spec.handle({ db, request, principal, now, input, body });
      if (result instanceof Reply) {
        return { response: Response.json(result.body, { status: result.status, headers: { "cache-control": "no-store", ...result.headers } }), code: null };
      }
      return { response: Response.json(result, { headers: { "cache-control": "no-store" } }), code: null };
    } catch (error) {
      const unread: Record<string, string> = spec.body && !bodyRead ? { connection: "close" } : {};
      if (spec.body && !bodyRead) await request.body?.cancel().catch(() => undefined);
      if (error instanceof ApiError)
        return { response: errorResponse(error.status, error.code, error.message, { ...error.headers, ...unread }), code: error.code };
      log.error("platform route failed", { route: spec.where, error });
      return { response: errorResponse(500, "INTERNAL", "Internal error: it is logged for the console's operators.", unread), code: "INTERNAL" };
    }
  }

  async function serve(request: Request, options: ServeOptions): Promise<Response> {
    const { response, code } = await run(request, options);
    spec.answered?.({ status: response.status, code });
    for (const [name, value] of Object.entries(spec.headers?.(request) ?? {})) response.headers.set(name, value);
    return response;
  }

  const handler = Object.assign(
    async (request: Request, context?: RouteContext) => serve(request, { db: getDb(), params: context ? await context.params : {} }),
    {
      serve,
    },
  );
  guards.set(handler, { where: spec.where, realm: spec.authenticator.realm, scope: spec.scope });
  return handler;
}
