import { availableParallelism } from "node:os";
import path from "node:path";
import { defineConfig } from "vitest/config";

// Tests play the console's own HTTP server, which is what makes the peer header
// trustworthy (see lib/http/client-address.ts).
const env = { CONSOLE_PEER_STAMPED: "1" };

const alias = {
  "@": path.resolve(import.meta.dirname),
  // server-only throws outside React's server runtime; in tests every module is
  // server-side anyway.
  "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
};

export default defineConfig({
  test: {
    // Vitest's default is one worker fewer than the cores: on the 2-core machines CI and
    // we run on, that is one worker, and the suite ran file after file while a core idled
    // (most of an integration file's time is the database's, not the runner's).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          env,
          include: ["lib/**/*.test.ts", "components/**/*.test.ts", "prisma/**/*.test.ts", "scripts/**/*.test.ts", "integrations/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
          // Vitest's 5 s default is a timing assertion on a shared 2-core machine: the
          // diagnosis property tests (500 cases) ran out of it under a loaded CI run.
          testTimeout: 30_000,
        },
      },
      {
        // Client components whose states are too many for e2e to walk (the export
        // button's download, the recovery dialog), in a browser-like DOM.
        resolve: { alias },
        test: {
          name: "components",
          include: ["components/**/*.test.tsx"],
          environment: "happy-dom",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          env,
          // next-auth imports "next/server" without an extension, which Node's ESM
          // resolver refuses; letting Vite transform it resolves the import.
          server: { deps: { inline: ["next-auth"] } },
          include: ["lib/**/*.int.test.ts", "prisma/**/*.int.test.ts", "scripts/**/*.int.test.ts"],
          environment: "node",
          // Each file starts its own database (PGlite initdb takes seconds on 2 cores). The
          // heaviest tests (the simulator's stream, seeding the demo twice) passed alone in
          // 16 s and ran out of 60 s on a loaded machine: the limit catches hangs, not speed.
          testTimeout: 180_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
