// Mutation testing of the modules the console's correctness rests on: the diagnosis
// engine (what the agent is told and allowed to do) and the ingest validation (what
// the platform may write). `npm run test:mutation`; not part of `npm test` (it reruns
// the tests once per mutant and takes minutes). Narrow a run with
// `npm run test:mutation -- --mutate "lib/diagnosis/rules/**/*.ts"`.
/** @type {import("@stryker-mutator/api/core").PartialStrykerOptions} */
const config = {
  testRunner: "vitest",
  vitest: { configFile: "vitest.mutation.config.ts", related: true },
  plugins: ["@stryker-mutator/vitest-runner"],
  mutate: [
    "lib/diagnosis/**/*.ts",
    "!lib/diagnosis/**/*.test.ts",
    "!lib/diagnosis/fixtures.ts",
    "lib/ingest/catalogue.ts",
    "lib/ingest/envelope.ts",
    "lib/ingest/http.ts",
  ],
  coverageAnalysis: "perTest",
  // Module-level constants (labels, the ranking, the checklist) would need the whole
  // suite per mutant, about half the run on these machines. Their words are pinned by
  // lib/diagnosis/texts.test.ts; `-- --ignoreStatic false` includes them.
  ignoreStatic: true,
  // Two cores, shared: more workers only queue.
  concurrency: 2,
  reporters: ["clear-text", "progress-append-only", "html", "json"],
  htmlReporter: { fileName: "reports/mutation/mutation.html" },
  jsonReporter: { fileName: "reports/mutation/mutation.json" },
  thresholds: { high: 90, low: 85, break: null },
  // The sandbox copies the project: leave out what no test reads.
  ignorePatterns: [".next", ".data", "e2e", "test-results", "playwright-report", "coverage", "reports", "docs"],
  tempDirName: ".stryker-tmp",
  cleanTempDir: "always",
};

export default config;
