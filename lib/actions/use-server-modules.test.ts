// Every "use server" module exposes each of its exports as an endpoint anyone can POST
// to. They live under lib/actions/ and go through defineAction (session, role from the
// database, zod, audit), which authorization-matrix.int.test.ts walks with every role;
// one elsewhere would be a door that matrix never sees.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");

/**
 * The explicit exceptions, each with why:
 * - lib/auth/sign-in-actions.ts: signing in and out happen before (or end) a staff
 *   session, so they cannot go through defineAction, which requires one; they are
 *   audited and rate-limited by lib/auth/verify-credentials.ts and the SSO callback.
 */
const ALLOWED_OUTSIDE = ["lib/auth/sign-in-actions.ts"];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (name === "node_modules" || name === "generated" || name.startsWith(".")) return [];
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [file] : [];
  });
}

const useServer = ["lib", "app", "components"]
  .flatMap((dir) => sourceFiles(path.join(root, dir)))
  .filter((file) => /^\s*(?:\/\/[^\n]*\n\s*)*["']use server["']/.test(readFileSync(file, "utf8")))
  .map((file) => path.relative(root, file));

describe('"use server" modules', () => {
  it("are found (the scan works)", () => {
    expect(useServer).toContain("lib/actions/recovery/send-password-reset.ts");
  });

  it("live under lib/actions/, or on the commented allow-list", () => {
    expect(useServer.filter((file) => !file.startsWith("lib/actions/") && !ALLOWED_OUTSIDE.includes(file))).toEqual([]);
  });

  it("under lib/actions/ are each built by defineAction", () => {
    for (const file of useServer.filter((f) => f.startsWith("lib/actions/"))) {
      expect(readFileSync(path.join(root, file), "utf8"), file).toMatch(/defineAction\(/);
    }
  });
});
