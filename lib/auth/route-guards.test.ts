// Every page, layout and route handler behind the sign-in checks the staff user itself
// (proxy.ts is only the first gate). This scans app/ so that a new route without its
// own check fails the suite; e2e tests then try the routes by URL for each role.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "./permissions";

const APP = path.resolve(import.meta.dirname, "../../app");
const PUBLIC = [
  "(auth)/sign-in/page.tsx",
  "api/auth/[...nextauth]/route.ts",
  "api/health/route.ts",
  "api/health/live/route.ts",
  "api/health/ready/route.ts",
  // The staff API's OpenAPI document: read before a caller has a token.
  "api/staff/v1/openapi.json/route.ts",
  "forbidden.tsx",
  "layout.tsx",
];
// Machine-to-machine routes (ingest, redeem, the staff API): no staff session, a bearer
// token through definePlatformRoute instead (the ingest schema is public documentation);
// route-matrix.int.test.ts calls each one without a token and expects 401. The Zendesk
// sidebar's page answers Zendesk's signed token (route-matrix checks it shows nothing without).
const isPlatform = (f: string) =>
  ["platform", "ingest", "staff"].some((api) => f.startsWith(`api${path.sep}${api}${path.sep}`)) || f.startsWith(`integrations${path.sep}zendesk${path.sep}`);

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return routeFiles(file);
    return /^(page|layout|route|forbidden|not-found|error|global-error)\.tsx?$/.test(name) ? [path.relative(APP, file)] : [];
  });
}

describe("route guards", () => {
  const files = routeFiles(APP);

  it("finds the console's routes", () => {
    expect(files).toContain("(console)/page.tsx");
  });

  // Pages that show no data: the 404s, the error boundaries, and the console's catch-all,
  // whose only statement is notFound() (the console layout has checked the staff user).
  const CATCH_ALL = path.join("(console)", "[...missing]", "page.tsx");
  const isNotFound = (f: string) => ["not-found.tsx", "error.tsx", "global-error.tsx"].includes(path.basename(f)) || f === CATCH_ALL;

  it.each(files.filter((f) => !PUBLIC.includes(f) && !isNotFound(f) && !isPlatform(f)))("%s checks the staff user and a permission itself", (file) => {
    const source = readFileSync(path.join(APP, file), "utf8");
    // A CSV export built by defineExportRoute names its permission in the spec, and the
    // builder calls requireStaff with it before anything else.
    const match = /requireStaff\(\s*(null|"([^"]+)")\s*,/.exec(source) ?? /defineExportRoute\(\{\s*permission: ()"([^"]+)"/.exec(source);
    expect(match, `${file} must call requireStaff(permission, where) or be built by defineExportRoute`).not.toBeNull();
    const permission = match?.[2];
    // Only the console layout may ask for "any signed-in staff user"; pages and
    // handlers name the permission they need.
    if (file !== "(console)/layout.tsx") expect(PERMISSIONS as readonly string[]).toContain(permission);
  });

  // A not-found page renders after its own page's guard has run (or the console layout's,
  // for a URL with no page), and must show nothing it could leak: no data access at all.
  it.each(files.filter(isNotFound))("%s reads no data", (file) => {
    const source = readFileSync(path.join(APP, file), "utf8");
    expect(source).not.toMatch(/@\/lib\/(data|db|actions)\b|getDb|prisma|process\.env/);
  });

  it("the catch-all does nothing but answer 404", () => {
    expect(files).toContain(CATCH_ALL);
    const code = readFileSync(path.join(APP, CATCH_ALL), "utf8").replace(/\/\/.*$/gm, "");
    expect(code.replace(/\s+/g, " ").trim()).toBe('import { notFound } from "next/navigation"; export default function MissingPage(): never { notFound(); }');
  });
});
