// The README is short and points into docs/: a link that leads nowhere is a reader stuck
// halfway through a deployment. Every relative link in the project's markdown must name a
// file that exists and, with a #fragment, a heading in it (GitHub's slug rules).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "..");

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (["node_modules", ".git", ".next", ".data", "generated"].includes(entry.name)) return [];
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return markdownFiles(full);
    return entry.name.endsWith(".md") ? [full] : [];
  });
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, "")
    .replaceAll(" ", "-");
}

function anchorsOf(file: string): Set<string> {
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] ?? "")));
}

const files = [
  path.join(root, "README.md"),
  ...markdownFiles(path.join(root, "docs")),
  ...markdownFiles(path.join(root, "lib")),
  ...markdownFiles(path.join(root, "prisma")),
];

const links = files.flatMap((file) => {
  const text = readFileSync(file, "utf8").replace(/^```[\s\S]*?^```/gm, "");
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] ?? "")
    .filter((target) => !/^[a-z]+:/i.test(target))
    .map((target) => ({ from: path.relative(root, file), target }));
});

describe("markdown links", () => {
  it("finds the docs", () => {
    expect(files.length).toBeGreaterThan(5);
    expect(links.length).toBeGreaterThan(20);
  });

  it.each(links)("$from -> $target", ({ from, target }) => {
    const [filePart = "", fragment] = target.split("#");
    const resolved = filePart === "" ? path.join(root, from) : path.resolve(path.dirname(path.join(root, from)), filePart);
    expect(existsSync(resolved), `${target} names no file`).toBe(true);
    if (fragment && statSync(resolved).isFile()) expect([...anchorsOf(resolved)], `${target} names no heading`).toContain(fragment);
  });

  it("the slug follows GitHub's rules", () => {
    expect(slug("Reads from a replica (`DATABASE_READ_URL`)")).toBe("reads-from-a-replica-database_read_url");
    expect(slug("Backfill: `npm run import`")).toBe("backfill-npm-run-import");
  });
});

describe("the README's code map", () => {
  // "A complete code map": a new lib folder or top-level part that the map does not name is
  // code a newcomer cannot find from the README.
  const readme = readFileSync(path.join(root, "README.md"), "utf8");
  const libFolders = readdirSync(path.join(root, "lib"), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name);
  it.each(libFolders)("names lib/%s/", (folder) => {
    expect(readme).toContain(`\`${folder}/\``);
  });
  it.each(["app/", "components/", "prisma/", "scripts/", "e2e/", "integrations/zendesk/", "ops/", "proxy.ts", "instrumentation.ts", ".ci/run"])(
    "names %s",
    (part) => {
      expect(readme).toContain(`\`${part}\``);
    },
  );
});
