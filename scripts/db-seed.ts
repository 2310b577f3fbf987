// npm run db:seed                          demo data (skipped when the database has customers)
// npm run db:seed -- --accounts 1000000    scale data for benchmarks (empty database only)
// Options for scale: --attempts-per-account N (default 20), --heavy-attempts N (default 50000).
import { parseArgs } from "node:util";
import { applyMigrations } from "@/lib/db/migrations";
import { createPrismaClient } from "@/lib/db/prisma";
import { DEFAULT_DATA_DIR, openDatabase, ownerDatabaseUrl } from "@/lib/db/runtime";
import { ensureDemoSource } from "@/lib/platform/sources/demo-source";
import { seedDemo, seedDemoStaff } from "@/prisma/seed/demo";
import { seedScale } from "@/prisma/seed/scale";

const USAGE = "usage: npm run db:seed [-- --accounts <positive integer> [--attempts-per-account <n>] [--heavy-attempts <n>]]";

function fail(message: string): never {
  console.error(`db:seed: ${message}\n${USAGE}`);
  process.exit(2);
}

function positiveInt(name: string, value: string | undefined, allowZero = false): number | undefined {
  if (value === undefined) return undefined;
  // Accept 1_000_000 and 1,000,000 as typed by people; reject everything else.
  const cleaned = value.replace(/[_,]/g, "");
  if (!/^\d+$/.test(cleaned)) fail(`--${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${value}"`);
  const n = Number(cleaned);
  if (!Number.isSafeInteger(n) || (!allowZero && n < 1)) fail(`--${name} must be a ${allowZero ? "non-negative" : "positive"} integer, got "${value}"`);
  return n;
}

let values: { accounts?: string; "attempts-per-account"?: string; "heavy-attempts"?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      accounts: { type: "string" },
      "attempts-per-account": { type: "string" },
      "heavy-attempts": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
    allowPositionals: false,
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const accounts = positiveInt("accounts", values.accounts);
const attemptsPerAccount = positiveInt("attempts-per-account", values["attempts-per-account"], true);
const heavyAttempts = positiveInt("heavy-attempts", values["heavy-attempts"], true);
if (accounts === undefined && (attemptsPerAccount !== undefined || heavyAttempts !== undefined)) {
  fail("--attempts-per-account and --heavy-attempts only apply with --accounts");
}

// The owner's URL (the scale seed drops and rebuilds indexes and sets sequences, which
// the app role may not), else DATABASE_URL, or the embedded data folder (migrated
// first: a fresh clone may run db:seed before it ever ran npm start).
const ownerUrl = ownerDatabaseUrl();
const database = await openDatabase(ownerUrl ? { url: ownerUrl } : {}).catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
const url = database.url;
try {
  if (database.embedded) await applyMigrations(url);

  if (accounts !== undefined) {
    let last = 0;
    const result = await seedScale(url, {
      accounts,
      ...(attemptsPerAccount !== undefined ? { loginAttemptsPerAccount: attemptsPerAccount } : {}),
      ...(heavyAttempts !== undefined ? { heavyAccountAttempts: heavyAttempts } : {}),
      onProgress: (p) => {
        // One line per phase step, at most every two seconds, so logs stay readable.
        if (p.done === p.total || p.elapsedMs - last > 2000) {
          last = p.elapsedMs;
          console.log(`[${(p.elapsedMs / 1000).toFixed(1)}s] ${p.phase}: ${p.done.toLocaleString("en-US")}/${p.total.toLocaleString("en-US")}`);
        }
      },
    });
    console.log(JSON.stringify(result, null, 2));
    // So the benchmark data can be looked at through the console as well.
    const db = createPrismaClient(url, { max: 2 });
    try {
      const staff = await seedDemoStaff(db);
      console.log(`db:seed: ${staff} demo staff sign-ins added (see the README's demo sign-ins)`);
    } finally {
      await db.$disconnect();
    }
  } else {
    const db = createPrismaClient(url, { max: 2 });
    try {
      const result = await seedDemo(db, { now: new Date(), log: (m) => console.log(`db:seed: ${m}`) });
      // The embedded demo's platform source and its token file agree after any reseed.
      if (database.embedded) {
        const demo = await ensureDemoSource(db, DEFAULT_DATA_DIR);
        if (demo.state === "ready" && demo.change !== "kept") console.log(`db:seed: platform source demo-platform: token in ${demo.file}`);
      }
      if (result.seeded) {
        console.log(
          `db:seed: demo data seeded (${result.accounts.length} scenario accounts, ${result.background} background, ${result.staff} staff users); see prisma/seed/README.md`,
        );
      }
    } finally {
      await db.$disconnect();
    }
  }
} finally {
  await database.close();
}
