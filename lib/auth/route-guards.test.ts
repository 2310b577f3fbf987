// Every page, layout and route handler behind the sign-in checks the staff user itself
// (proxy.ts is only the first gate). This scans app/ so that a new route without its
// own check fails the suite; e2e tests then try the routes by URL for each role.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PERMISSIONS } from "./permissions";

const APP = path.resolve(import.meta.dirname, "../../app");
const PUBLIC = ["(auth)/sign-in/page.tsx", "api/auth/[...nextauth]/route.ts", "api/health/route.ts", "forbidden.tsx", "layout.tsx"];

function routeFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return routeFiles(file);
    return /^(page|layout|route|forbidden|not-found|error)\.tsx?$/.test(name) ? [path.relative(APP, file)] : [];
  });
}

describe("route guards", () => {
  const files = routeFiles(APP);

  it("finds the console's routes", () => {
    expect(files).toContain("(console)/page.tsx");
  });

  it.each(files.filter((f) => !PUBLIC.includes(f)))("%s checks the staff user and a permission itself", (file) => {
    const source = readFileSync(path.join(APP, file), "utf8");
    const match = /requireStaff\(\s*(null|"([^"]+)")\s*,/.exec(source);
    expect(match, `${file} must call requireStaff(permission, where)`).not.toBeNull();
    const permission = match?.[2];
    // Only the console layout may ask for "any signed-in staff user"; pages and
    // handlers name the permission they need.
    if (file !== "(console)/layout.tsx") expect(PERMISSIONS as readonly string[]).toContain(permission);
  });
});
