// One place for what the single sign-on e2e run's console, identity provider and spec
// must agree on (playwright.sso.config.ts starts the first two).

const base = Number(process.env.E2E_PORT ?? 3100);
/** Its own console, beside the main run's (E2E_PORT), with SSO configured at start. */
export const SSO_CONSOLE_PORT = base + 1000;
export const SSO_PROVIDER_PORT = base + 2000;
/** Not localhost: Chromium resolves it to 127.0.0.1 (--host-resolver-rules), and the console must build its redirect URI from it. */
export const SSO_CONSOLE_HOST = "console.test";
export const SSO_CONSOLE_URL = `http://${SSO_CONSOLE_HOST}:${SSO_CONSOLE_PORT}`;
export const SSO_ISSUER = `http://127.0.0.1:${SSO_PROVIDER_PORT}`;
export const SSO_CLIENT_ID = "access-console-e2e";
export const SSO_CLIENT_SECRET = "e2e-sso-client-secret-not-for-production";
export const SSO_NAME = "Corp SSO";
export const SSO_DATA_DIR = ".data/e2e-sso";

/** The identity provider's users: the login typed on its page is also their subject. */
export const PROVIDER_USERS = {
  // A staff user stored as "Ada.Lovelace@Corp.test": emails match lower-cased.
  ada: { email: "ada.lovelace@corp.test", email_verified: true, name: "Ada at Corp" },
  // Another provider identity with the same (verified) email: never takes Ada over.
  "ada-second": { email: "ada.lovelace@corp.test", email_verified: true, name: "Second Ada" },
  stranger: { email: "stranger@corp.test", email_verified: true, name: "Stranger" },
  "grace-unverified": { email: "grace@corp.test", email_verified: false, name: "Grace" },
  gone: { email: "gone@corp.test", email_verified: true, name: "Gone" },
} as const satisfies Record<string, { email: string; email_verified: boolean; name: string }>;
