// Single sign-on against a real OpenID Connect provider (e2e/sso): its own console, started
// with SSO configured, beside an oidc-provider on a loopback port; the browser reaches
// the console as console.test, not localhost. A separate run because SSO settings are
// read at the console's start and the main run's console has none; `npm run test:e2e`
// runs both, on one build.
import { defineConfig, devices } from "@playwright/test";
import {
  SSO_CLIENT_ID,
  SSO_CLIENT_SECRET,
  SSO_CONSOLE_HOST,
  SSO_CONSOLE_PORT,
  SSO_CONSOLE_URL,
  SSO_DATA_DIR,
  SSO_ISSUER,
  SSO_NAME,
} from "./e2e/sso/sso-settings";
import { chromiumLaunchOptions } from "./e2e/browser";

export default defineConfig({
  testDir: "e2e/sso",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "playwright-report/sso" }]],
  timeout: 60_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: SSO_CONSOLE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    // The console's name as a browser reaches it: not localhost.
    launchOptions: chromiumLaunchOptions([`--host-resolver-rules=MAP ${SSO_CONSOLE_HOST} 127.0.0.1`]),
  },
  projects: [{ name: "sso", use: { ...devices["Desktop Chrome"] } }],
  webServer: [
    {
      command: "exec tsx e2e/sso/oidc-provider.ts",
      url: `${SSO_ISSUER}/.well-known/openid-configuration`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
    },
    {
      // No demo data (the spec makes the staff users it needs): a quicker start.
      command: `rm -rf ${SSO_DATA_DIR} && exec tsx scripts/start.ts --port ${SSO_CONSOLE_PORT} --data-dir ${SSO_DATA_DIR} --no-seed`,
      url: `http://127.0.0.1:${SSO_CONSOLE_PORT}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: "",
        AUTH_SECRET: "e2e-sso-secret-not-for-production-use-0123456789",
        // Metrics listeners on any free port: never a developer's console's, nor the main e2e run's.
        METRICS_PORT: "0",
        WORKER_METRICS_PORT: "0",
        AUTH_OIDC_ISSUER: SSO_ISSUER,
        AUTH_OIDC_CLIENT_ID: SSO_CLIENT_ID,
        AUTH_OIDC_CLIENT_SECRET: SSO_CLIENT_SECRET,
        AUTH_OIDC_NAME: SSO_NAME,
      },
    },
  ],
});
