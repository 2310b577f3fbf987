import { defineConfig, devices } from "@playwright/test";
import { chromiumLaunchOptions } from "./e2e/browser";
import { zendeskConsoleEnv } from "./e2e/zendesk/host";

export const PORT = Number(process.env.E2E_PORT ?? 3100);
/** The e2e run's data folder: specs reach its database through the socket in it (see e2e/support.ts). */
export const E2E_DATA_DIR = ".data/e2e";
const baseURL = `http://localhost:${PORT}`;
/** The e2e run's OpenTelemetry collector (e2e/otlp-receiver.ts), which e2e/tracing.spec.ts asks for spans. */
export const OTLP_PORT = PORT + 1000;
/** The server's output and its exported spans, scanned for secrets after the run (e2e/global-teardown.ts). */
export const E2E_LOG_DIR = ".data/e2e-logs";
export const E2E_AUTH_SECRET = "e2e-secret-not-for-production-use-0123456789";

export default defineConfig({
  testDir: "e2e",
  // Single sign-on runs against its own console and identity provider: playwright.sso.config.ts.
  testIgnore: ["sso/**"],
  fullyParallel: false,
  // One embedded database serves the whole run; two workers keep both cores busy.
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  globalTeardown: "./e2e/global-teardown.ts",
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
  webServer: [
    {
      command: `exec tsx e2e/otlp-receiver.ts --port ${OTLP_PORT} --out ${E2E_LOG_DIR}/spans.jsonl`,
      url: `http://127.0.0.1:${OTLP_PORT}/`,
      timeout: 30_000,
      reuseExistingServer: false,
    },
    {
      // A fresh embedded database for every run, started exactly as a user's `npm start`
      // (the build is made by `npm run test:e2e` before this), its output also kept in a
      // file for the secret scan. Tracing is on, exported to the receiver above.
      command: `rm -rf ${E2E_DATA_DIR} && mkdir -p ${E2E_LOG_DIR} && tsx scripts/start.ts --port ${PORT} --data-dir ${E2E_DATA_DIR} 2>&1 | tee ${E2E_LOG_DIR}/server.log`,
      url: `${baseURL}/api/health`,
      timeout: 180_000,
      reuseExistingServer: false,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        DATABASE_URL: "",
        AUTH_SECRET: E2E_AUTH_SECRET,
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${OTLP_PORT}`,
        OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
        // Read by the SDK itself: export every half second, so the spec waits little.
        OTEL_BSP_SCHEDULE_DELAY: "500",
        // Metrics listeners on any free port: never a developer's running console's (9464/9465).
        METRICS_PORT: "0",
        WORKER_METRICS_PORT: "0",
        // The Zendesk sidebar's settings point at the emulated Zendesk of e2e/zendesk/host.ts.
        ...zendeskConsoleEnv(),
      },
    },
  ],
});
