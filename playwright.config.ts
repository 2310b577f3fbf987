import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/browser";
import { zendeskConsoleEnv } from "./e2e/zendesk/host";

export const PORT = Number(process.env.E2E_PORT ?? 3100);
/** The e2e run's data folder: specs reach its database through the socket in it (see e2e/support.ts). */
export const E2E_DATA_DIR = ".data/e2e";
const baseURL = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  // Single sign-on runs against its own console and identity provider: playwright.sso.config.ts.
  testIgnore: ["sso/**"],
  fullyParallel: false,
  // One embedded database serves the whole run; two workers keep both cores busy.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never" }]],
  timeout: 30_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: chromiumLaunchOptions(),
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/, use: { ...devices["Desktop Chrome"] } },
    { name: "chromium", dependencies: ["setup"], use: { ...devices["Desktop Chrome"] } },
  ],
  webServer: {
    // A fresh embedded database for every run, started exactly as a user's `npm start`
    // (the build is made by `npm run test:e2e` before this).
    command: `rm -rf ${E2E_DATA_DIR} && exec tsx scripts/start.ts --port ${PORT} --data-dir ${E2E_DATA_DIR}`,
    url: `${baseURL}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // The Zendesk sidebar's settings point at the emulated Zendesk of e2e/zendesk/host.ts.
    env: { DATABASE_URL: "", AUTH_SECRET: "e2e-secret-not-for-production-use-0123456789", ...zendeskConsoleEnv() },
  },
});
