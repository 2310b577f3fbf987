// `npm start` rebuilds when the code changed since the last build, so a developer who
// pulls new commits never runs a stale build by accident. The fingerprint is cheap:
// paths, sizes and modification times of the sources, not their contents.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

const SOURCES = [
  "app",
  "components",
  "lib",
  "integrations/zendesk/src",
  // Compiled into the build too (the request gate and the tracing set-up at start).
  "proxy.ts",
  "instrumentation.ts",
  "prisma/schema.prisma",
  "next.config.js",
  "package-lock.json",
  // Its browserslist sets what the browser bundles are compiled for.
  "package.json",
  "postcss.config.mjs",
  "tsconfig.json",
];
const SKIP = new Set(["generated", "node_modules"]);

function walk(file: string, out: string[]): void {
  if (!existsSync(file)) return;
  const stat = statSync(file);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(file).sort()) {
      if (!SKIP.has(entry) && !entry.endsWith(".test.ts")) walk(path.join(file, entry), out);
    }
  } else {
    out.push(`${file}:${stat.size}:${Math.floor(stat.mtimeMs)}`);
  }
}

export function sourceFingerprint(root: string): string {
  const lines: string[] = [];
  for (const source of SOURCES) walk(path.join(root, source), lines);
  return createHash("sha256").update(lines.join("\n")).digest("hex");
}

const recordFile = (root: string) => path.join(root, ".next", "console-fingerprint");

export function buildIsCurrent(root: string): boolean {
  if (!existsSync(path.join(root, ".next", "BUILD_ID")) || !existsSync(recordFile(root))) return false;
  return readFileSync(recordFile(root), "utf8") === sourceFingerprint(root);
}

export function recordBuildFingerprint(root: string): void {
  writeFileSync(recordFile(root), sourceFingerprint(root));
}
