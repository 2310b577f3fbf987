import path from "node:path";
import { defineConfig } from "vitest/config";

// The tests Stryker runs against each mutant (`npm run test:mutation`): only the files
// that cover the mutated modules, as one plain project, so a run takes minutes. The
// ingest files start a database each (see vitest.config.ts); Stryker's per-test
// coverage runs them only for mutants of the ingest modules.
export default defineConfig({
  resolve: {
    alias: {
      "@": path.resolve(import.meta.dirname),
      "server-only": path.resolve(import.meta.dirname, "lib/testing/server-only-stub.ts"),
    },
  },
  test: {
    env: { CONSOLE_PEER_STAMPED: "1", DIAGNOSIS_PROPERTY_RUNS: "25" },
    include: [
      "lib/diagnosis/**/*.test.ts",
      "lib/ingest/catalogue.test.ts",
      "lib/ingest/envelope.test.ts",
      "lib/ingest/http.test.ts",
      "lib/ingest/readme-examples.test.ts",
      "lib/ingest/http.int.test.ts",
    ],
    environment: "node",
    server: { deps: { inline: ["next-auth"] } },
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
