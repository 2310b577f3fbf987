import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import tseslint from "typescript-eslint";

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  globalIgnores([
    ".next/**",
    "lib/generated/**",
    ".data/**",
    "node_modules/**",
    "test-results/**",
    "playwright-report/**",
    "next-env.d.ts",
    // Built output (npm run zendesk:build, run by build and start): checked as source in integrations/zendesk/src.
    "public/integrations/zendesk/**",
    "integrations/zendesk/dist/**",
    "integrations/zendesk/node_modules/**",
    "coverage/**",
    "reports/**",
    ".stryker-tmp/**",
  ]),
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A forgotten await on a database write or an email send loses work silently.
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": ["error", { "ts-ignore": true, "ts-expect-error": "allow-with-description" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Server actions are async functions passed as props/attributes by design.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // Prefetching renders (and audits) pages nobody opened: components/ui/link.tsx.
      "no-restricted-imports": [
        "error",
        { paths: [{ name: "next/link", message: "Use Link from @/components/ui/link: a prefetch renders and audits a page nobody opened." }] },
      ],
    },
  },
  // The layers (docs/architecture.md). ESLint applies the last matching config's
  // no-restricted-imports, so each block restates the link rule and its own bans.
  ...layerRules(),
  // The one place next/link is wrapped (after the layer blocks, which would ban it).
  {
    files: ["components/ui/link.tsx"],
    rules: { "no-restricted-imports": "off" },
  },
  // One reader of the environment (lib/config.ts); tests, test harnesses and scripts'
  // command lines aside. instrumentation.ts reads NEXT_RUNTIME, Next's own marker.
  {
    files: ["lib/**", "app/**", "components/**", "proxy.ts"],
    ignores: ["lib/config.ts", "lib/testing/**", "lib/db/test-database.ts", "lib/db/test-replica.ts", "**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through config() from @/lib/config (docs/configuration.md)." },
      ],
    },
  },
  // Times on screen go through the zone-aware formatter (lib/time/zone-time.ts: the staff
  // member's zone, always with its offset). A bare toLocaleString() or Intl.DateTimeFormat
  // writes the server's or the browser's zone without saying which, and an ISO string cut
  // and glued ("2026-11-30T04:03" -> "2026-11-30 04:03 UTC") ignores the reader's zone.
  // Numbers pass a locale, which is allowed. Billing's UTC calendar months come from
  // toISOString().slice(0, 7), which no selector here matches, on purpose.
  {
    files: ["app/**", "components/**"],
    ignores: ["**/*.test.ts", "**/*.test.tsx"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...[
          ["CallExpression[callee.property.name=/^toLocale(Date|Time)String$/]", "toLocaleDateString/toLocaleTimeString"],
          ["CallExpression[callee.property.name='toLocaleString'][arguments.length=0]", "toLocaleString() without a locale"],
          ["CallExpression[callee.property.name='toUTCString']", "toUTCString()"],
          ["NewExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']", "Intl.DateTimeFormat"],
          ["CallExpression[callee.object.name='Intl'][callee.property.name='DateTimeFormat']", "Intl.DateTimeFormat"],
          ["CallExpression[callee.property.name='replace'][arguments.0.value='T']", 'An ISO time cut into a clock (.replace("T", …))'],
        ].map(([selector, what]) => ({
          selector,
          message: `${what}: write times with timeFormat(zone) or UTC_TIME from @/lib/time/zone-time (the reader's zone, with its offset).`,
        })),
      ],
    },
  },
  {
    files: ["**/*.mjs", "**/*.js"],
    extends: [tseslint.configs.disableTypeChecked],
  },
  // House rule: a source file over 400 lines is doing several jobs; split it by job (as
  // lib/ingest/apply/ and lib/diagnosis/rules/ are). Every line counts, as `wc -l` does.
  // Tests are exempt: a feature's cases read best together.
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs", "**/*.js"],
    ignores: ["**/*.test.ts", "**/*.test.tsx", "e2e/**/*.spec.ts", "e2e/**/*.setup.ts"],
    rules: { "max-lines": ["error", { max: 400, skipBlankLines: false, skipComments: false }] },
  },
]);

/**
 * One no-restricted-imports block per layer. A folder's block lists every ban that applies
 * to it (ESLint does not merge the option across blocks), with the reason in the message.
 */
function layerRules() {
  const nextLink = { name: "next/link", message: "Use Link from @/components/ui/link: a prefetch renders and audits a page nobody opened." };
  const ban = (group, message) => ({ group, message });
  const up = ban(["../*", "../../*", "../../../*"], "Import across folders with @/ (./ stays for the same folder): docs/architecture.md, house rules.");
  const noUi = ban(["@/components/*", "@/app/*"], "lib/ is below the UI: move what both need into lib/ (a client-safe lib/model file).");
  const noSeed = ban(["@/prisma/seed/*"], "The seed is demo data built on lib/, never a dependency of it (tests excepted).");
  const noDb = ban(
    ["@/lib/db/*", "@/lib/generated/prisma/client", "pg", "@prisma/*"],
    "No database code here: this layer is pure or client-side (docs/architecture.md).",
  );
  const noData = ban(["@/lib/data/*"], "Read DTO and vocabulary types from lib/model; data modules are server-side reads.");
  const noActions = ban(
    ["@/lib/actions/*"],
    "Only routes and components call actions; their result and outcome types live in lib/model (action-result.ts, action-outcome.ts).",
  );
  const block = (files, patterns, extra = {}) => ({
    files,
    ignores: ["**/*.test.ts", "**/*.test.tsx", "**/*.int.test.ts", ...(extra.ignores ?? [])],
    rules: { "no-restricted-imports": ["error", { paths: [nextLink], patterns }] },
  });
  const pure = ["lib/diagnosis/**", "lib/time/**", "lib/timeline/**", "lib/model/**", "lib/random/**"];
  return [
    block(["lib/**"], [up, noUi, noSeed]),
    block(["lib/validation/**"], [up, noUi, noSeed, noDb, noData]),
    block(pure, [up, noUi, noSeed, noDb, noData, noActions]),
    block(["lib/email/**", "lib/data/**"], [up, noUi, noSeed, noActions]),
    block(
      ["app/**", "components/**"],
      [up, ban(["@/lib/db/*"], "Pages and components reach the database through lib/data (console-data.ts binds the client).")],
    ),
    block(["components/**"], [up, ban(["@/lib/db/*"], "Components reach the database through lib/data."), noData]),
    block(["prisma/**", "scripts/**", "e2e/**"], [up]),
  ];
}
