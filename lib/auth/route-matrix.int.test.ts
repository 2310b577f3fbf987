// The authorisation matrix for route handlers (the CSV exports and whatever comes next),
// as lib/actions/authorization-matrix does for server actions: every route.ts under app/
// outside the public list is called by every kind of caller, with its permission read
// from its own requireStaff call, and with garbage in the query string.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { can, ROLES, type Permission } from "@/lib/auth/permissions";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { actAs, authMock, headersMock, navigationMock } from "@/lib/testing/action-harness";
import { getRouteGuard } from "@/lib/export/define-export-route";
import { getPlatformRouteGuard } from "@/lib/http/platform-route";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);
vi.mock("next/navigation", () => navigationMock);

const APP = path.resolve(import.meta.dirname, "../../app");
// Public by design: sign-in, the health checks, and the two machine-readable documents
// (the ingest catalogue, the staff API's OpenAPI) that a caller reads before it has a token.
const PUBLIC_ROUTES = [
  "api/auth/[...nextauth]/route.ts",
  "api/health/route.ts",
  "api/health/live/route.ts",
  "api/health/ready/route.ts",
  "api/ingest/v1/schema/route.ts",
  "api/staff/v1/openapi.json/route.ts",
];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
// Machine-to-machine routes (ingest, redemption, the staff API) authenticate a bearer token,
// not a staff session: each is built by definePlatformRoute, which says its guard, and
// must answer 401 to a request without a token.
const platformRoutes: { file: string; method: string; handler: (request: Request) => Promise<Response> }[] = [];
// The Zendesk sidebar's page answers Zendesk's signed token, not a staff session
// (lib/helpdesk/zendesk-auth.int.test.ts holds its mapping tests): without that token it
// must show nothing, whatever staff session the browser holds.
const isZendeskRoute = (file: string) => file.startsWith(`integrations${path.sep}zendesk${path.sep}`);
const zendeskRoutes: typeof platformRoutes = [];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return routeFiles(file);
    return name === "route.ts" ? [path.relative(APP, file)] : [];
  });
}

/** The URL path a route file serves: route groups dropped. */
const urlPathOf = (file: string) =>
  `/${path
    .dirname(file)
    .split(path.sep)
    .filter((part) => !/^\(.*\)$/.test(part))
    .join("/")}`;

interface Route {
  file: string;
  url: string;
  method: (typeof METHODS)[number];
  handler: (request: Request, context?: { params: Promise<Record<string, string>> }) => Promise<Response>;
  /** Has a dynamic segment ([id]): takes its input from the path, not the query string. */
  dynamic: boolean;
  permission: Permission;
  where: string;
}

let t: TestDatabase;
const routes: Route[] = [];
const segment: Record<string, string> = {};
const staff: Record<StaffRole | "DISABLED", string> = { AGENT: "", LEAD: "", ADMIN: "", DISABLED: "" };

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  // Dynamic segments ([id]) are called with a real record, so a permitted caller gets 200.
  const account = await t.db.account.create({
    data: { username: "routes", usernameLower: "routes", email: "routes@routes.test", emailLower: "routes@routes.test" },
  });
  segment.id = String(account.id);
  for (const role of ROLES) staff[role] = (await t.db.staffUser.create({ data: { email: `${role.toLowerCase()}@routes.test`, name: role, role } })).id;
  staff.DISABLED = (await t.db.staffUser.create({ data: { email: "disabled@routes.test", name: "Disabled", role: "ADMIN", disabledAt: new Date() } })).id;
  for (const file of routeFiles(APP).filter((f) => !PUBLIC_ROUTES.includes(f))) {
    if (isZendeskRoute(file)) {
      const mod = (await import(path.join(APP, file))) as Record<string, unknown>;
      for (const method of METHODS) {
        const handler = mod[method];
        if (typeof handler === "function") zendeskRoutes.push({ file, method, handler: handler as Route["handler"] });
      }
      continue;
    }
    const source = readFileSync(path.join(APP, file), "utf8");
    const mod = (await import(path.join(APP, file))) as Record<string, unknown>;
    for (const method of METHODS) {
      const handler = mod[method];
      if (typeof handler !== "function") continue;
      if (getPlatformRouteGuard(handler)) {
        platformRoutes.push({ file, method, handler: handler as Route["handler"] });
        continue;
      }
      // An export built by defineExportRoute says its own guard; a hand-written handler
      // must call requireStaff("<permission>", "<where>") itself.
      const match = /requireStaff\(\s*"([^"]+)"\s*,\s*"([^"]+)"\s*\)/.exec(source);
      const guard = getRouteGuard(handler) ?? (match?.[1] && match[2] ? { permission: match[1] as Permission, where: match[2] } : null);
      if (!guard) throw new Error(`${file} neither uses defineExportRoute nor calls requireStaff("<permission>", "<where>")`);
      const dynamic = /\[\w+\]/.test(file);
      const bound: Route["handler"] = (request, context) => (handler as Route["handler"])(request, context ?? { params: Promise.resolve({ ...segment }) });
      routes.push({
        file,
        url: `http://console.test${urlPathOf(file).replace(/\[(\w+)\]/g, (_, name: string) => segment[name] ?? name)}`,
        method,
        handler: dynamic ? bound : (handler as Route["handler"]),
        dynamic,
        ...guard,
      });
    }
  }
});

afterAll(async () => {
  await t?.drop();
});

const call = (route: Route, query = "") =>
  route.handler(new Request(`${route.url}${query}`, { method: route.method, headers: { "x-console-peer": "203.0.113.50" } }));

// Every filter key either export knows, each with a value no filter accepts.
const GARBAGE_QUERIES = [
  "?level=ROOT&flag=%3Cscript%3E&createdFrom=2026-13-40&sort=password&dir=sideways&limit=-3",
  "?outcome=MAYBE&action=drop.table&account=-1&from=yesterday&to=31%2F01%2F2026&limit=99999",
  "?scope=a%20b%3B%20DROP%20TABLE%20teammates&account=1e9&ticket=" + "x".repeat(500),
];

describe("route handler authorisation matrix", () => {
  it("finds the console's protected routes", () => {
    expect(routes.map((r) => `${r.method} ${r.file}`)).toEqual(
      expect.arrayContaining(["GET (console)/audit/log/export/route.ts", "GET (console)/audit/permissions/export/route.ts"]),
    );
  });

  it("keeps every audit route (pages' exports included) away from agents", () => {
    const audits = routes.filter((r) => r.url.includes("/audit/"));
    expect(audits.length).toBeGreaterThan(0);
    for (const route of audits) expect(can("AGENT", route.permission), route.file).toBe(false);
  });

  it("sends anonymous and disabled callers to sign in, before any audit or query", async () => {
    for (const route of routes) {
      for (const who of [null, staff.DISABLED]) {
        actAs(who);
        await expect(call(route), `${route.method} ${route.file}`).rejects.toThrow("redirect:/sign-in");
      }
    }
  });

  for (const role of ROLES) {
    it(`${role}: answers 200 where the role holds the permission, and the 403 page (audited) where it does not`, async () => {
      actAs(staff[role]);
      for (const route of routes) {
        const label = `${role} ${route.method} ${route.file}`;
        if (can(role, route.permission)) {
          const response = await call(route);
          expect(response.status, label).toBe(200);
          await response.body?.cancel();
        } else {
          const before = await t.db.auditEntry.count({ where: { action: "access.denied", actorId: staff[role] } });
          await expect(call(route), label).rejects.toThrow("forbidden");
          const denied = await t.db.auditEntry.findMany({ where: { action: "access.denied", actorId: staff[role] }, orderBy: { id: "desc" } });
          expect(denied.length, label).toBe(before + 1);
          expect(denied[0]?.detail, label).toMatchObject({ where: route.where, permission: route.permission });
        }
      }
    });
  }

  it("answers 401 (one error body, no-store) on every machine route to a caller without a token, whatever staff session it holds", async () => {
    expect(platformRoutes.map((r) => `${r.method} ${r.file}`)).toEqual(
      expect.arrayContaining([
        `POST ${path.join("api", "platform", "v1", "tokens", "redeem", "route.ts")}`,
        `POST ${path.join("api", "ingest", "v1", "events", "route.ts")}`,
      ]),
    );
    for (const role of [null, ...ROLES] as const) {
      actAs(role ? staff[role] : null);
      for (const route of platformRoutes) {
        const response = await route.handler(
          new Request(`http://console.test/${path.dirname(route.file)}`, { method: route.method, body: route.method === "GET" ? null : "{}" }),
        );
        expect(response.status, `${role ?? "anonymous"} ${route.method} ${route.file}`).toBe(401);
        expect(response.headers.get("cache-control")).toBe("no-store");
        expect(await response.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: expect.any(String) as string } });
      }
    }
  });

  it("shows nothing on the Zendesk sidebar's page to a caller without Zendesk's signed token, whatever staff session it holds", async () => {
    expect(zendeskRoutes.map((r) => `${r.method} ${r.file}`)).toContain(`POST ${path.join("integrations", "zendesk", "sidebar", "route.ts")}`);
    for (const role of [null, ...ROLES] as const) {
      actAs(role ? staff[role] : null);
      for (const route of zendeskRoutes) {
        const response = await route.handler(
          new Request("http://console.test/integrations/zendesk/sidebar", { method: route.method, body: route.method === "GET" ? null : "token=" }),
        );
        const label = `${role ?? "anonymous"} ${route.method} ${route.file}`;
        expect([401, 403, 405], label).toContain(response.status);
        expect(await response.text(), label).not.toContain("sidebar-boot");
      }
    }
  });

  it("answers garbage in the query string with 400 and a message, never 500, and records no export", async () => {
    actAs(staff.ADMIN);
    const exportsBefore = await t.db.auditEntry.count({ where: { action: { endsWith: ".export" } } });
    for (const route of routes.filter((r) => !r.dynamic)) {
      for (const query of GARBAGE_QUERIES) {
        const response = await call(route, query);
        expect(response.status, `${route.file}${query}`).toBe(400);
        expect(await response.text()).toMatch(/^Invalid filter \(\w+\): .+/);
      }
    }
    expect(await t.db.auditEntry.count({ where: { action: { endsWith: ".export" } } })).toBe(exportsBefore);
  });

  it("answers a garbage id in a dynamic route's path with 400, never 500, and audits nothing", async () => {
    actAs(staff.ADMIN);
    const dynamic = routes.filter((r) => r.dynamic);
    expect(dynamic.length).toBeGreaterThan(0);
    const auditsBefore = await t.db.auditEntry.count();
    for (const route of dynamic) {
      for (const id of ["abc", "0", "-1", "01", "1e3", "0x10", "99999999999"]) {
        const url = `http://console.test${urlPathOf(route.file).replace(/\[\w+\]/g, id)}`;
        const response = await route.handler(new Request(url, { method: route.method }), { params: Promise.resolve({ id }) });
        expect(response.status, `${route.file} ${id}`).toBe(400);
        await response.body?.cancel();
      }
    }
    expect(await t.db.auditEntry.count()).toBe(auditsBefore);
  });
});
