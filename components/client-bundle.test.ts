// What the browser downloads: no client component on the pages agents live in may pull
// zod into its bundle. One schema imported for one check (the deep link's ticket, in
// components/search/ticket-memory.tsx) put 115 KB of zod (32 KB compressed) into the
// account page, the search home and the sign-up page on a phone. Validation runs on the
// server (lib/validation); a client that needs a rule uses its zod-free form in lib/model.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
/**
 * The settings and sources forms (admins' pages, on a desktop) check their fields with
 * the actions' own schemas, which is worth its weight there.
 */
const ALLOWED = ["components/sources/", "components/settings/", "components/staff/"];

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return files(full);
    return /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [full] : [];
  });
}

/** A module specifier as a file of this project, or null for a package. */
function resolveLocal(from: string, specifier: string): string | null {
  const base = specifier.startsWith("@/")
    ? path.join(ROOT, specifier.slice(2))
    : specifier.startsWith(".")
      ? path.resolve(path.dirname(from), specifier)
      : null;
  if (base === null) return null;
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.js`, path.join(base, "index.ts"), path.join(base, "index.tsx")];
  return candidates.find((c) => existsSync(c) && statSync(c).isFile()) ?? null;
}

/** Specifiers a module imports at run time (`import type` and `export type` erased). */
function runtimeImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/^\s*(?:import|export)\s+(type\s+)?(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm)) {
    if (!match[1] && match[2]) found.push(match[2]);
  }
  return found;
}

/** The chain of modules from `entry` to one importing zod, or null. */
function zodChain(entry: string): string[] | null {
  const seen = new Set<string>();
  const walk = (file: string, chain: string[]): string[] | null => {
    if (seen.has(file)) return null;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    // A server action's module stays on the server: the browser gets a reference to call.
    if (/^["']use server["']/.test(source)) return null;
    for (const specifier of runtimeImports(source)) {
      if (specifier === "zod" || specifier.startsWith("zod/")) return [...chain, file];
      const next = resolveLocal(file, specifier);
      const found = next ? walk(next, [...chain, file]) : null;
      if (found) return found;
    }
    return null;
  };
  return walk(entry, []);
}

const clientComponents = files(path.join(ROOT, "components"))
  .filter((file) => /^["']use client["']/.test(readFileSync(file, "utf8")))
  .map((file) => path.relative(ROOT, file))
  .filter((file) => !ALLOWED.some((prefix) => file.startsWith(prefix)));

describe("client bundles", () => {
  it("finds the client components to check", () => {
    expect(clientComponents).toContain("components/search/ticket-memory.tsx");
  });

  it.each(clientComponents)("%s does not bring zod to the browser", (file) => {
    const chain = zodChain(path.join(ROOT, file));
    expect(chain?.map((f) => path.relative(ROOT, f)) ?? null).toBeNull();
  });
});
