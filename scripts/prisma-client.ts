// The generated Prisma client (lib/generated/, not committed) is imported by the
// launcher, the worker, the seed and the benchmarks. A fresh clone has none, and a
// pull that changed schema.prisma leaves a stale one: both must be (re)generated
// before anything imports it. See ensure-prisma-client.ts for when that runs.
import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "..");
export const GENERATED_CLIENT = path.join(ROOT, "lib", "generated", "prisma", "client.ts");
export const PRISMA_SCHEMA = path.join(ROOT, "prisma", "schema.prisma");

function modifiedAt(file: string): number | null {
  try {
    return statSync(file).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** True when the client is missing or older than the schema it was generated from. */
export function prismaClientIsStale(client = GENERATED_CLIENT, schema = PRISMA_SCHEMA): boolean {
  const generated = modifiedAt(client);
  if (generated === null) return true;
  return generated < (modifiedAt(schema) ?? 0);
}

/** Runs `npm run db:generate` when the client is missing or stale; exits on failure. */
export function ensurePrismaClient(): void {
  if (!prismaClientIsStale()) return;
  console.log("[console] generating the Prisma client (fresh clone, or schema.prisma changed)…");
  const result = spawnSync("npm", ["run", "db:generate", "--silent"], { cwd: ROOT, stdio: "inherit" });
  if (result.status !== 0) {
    console.error("[console] `npm run db:generate` failed");
    process.exit(result.status ?? 1);
  }
}
