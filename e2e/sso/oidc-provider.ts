// A real OpenID Connect provider (panva's oidc-provider) for the single sign-on e2e run,
// on a loopback port, with one static client (the console at console.test), the test
// users of ./sso-settings.ts and its built-in login pages (devInteractions: any password).
// Like most providers it sends email and email_verified from userinfo only, not in the
// ID token of a code flow (conformIdTokenClaims). Started by playwright.sso.config.ts.
import { createServer } from "node:http";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { PROVIDER_USERS, SSO_CLIENT_ID, SSO_CLIENT_SECRET, SSO_CONSOLE_URL, SSO_ISSUER, SSO_PROVIDER_PORT } from "./sso-settings";

const users: Readonly<Record<string, { email: string; email_verified: boolean; name: string }>> = PROVIDER_USERS;

const provider = new Provider(SSO_ISSUER, {
  clients: [
    {
      client_id: SSO_CLIENT_ID,
      client_secret: SSO_CLIENT_SECRET,
      // Only the console's name as a browser reaches it: a localhost redirect URI is refused.
      redirect_uris: [`${SSO_CONSOLE_URL}/api/auth/callback/sso`],
      response_types: ["code"],
      grant_types: ["authorization_code"],
    },
  ],
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
  findAccount(_ctx: KoaContextWithOIDC, id: string) {
    const user = users[id];
    if (!user) return undefined;
    return { accountId: id, claims: () => ({ sub: id, ...user }) };
  },
  // A first-party client: no consent page, the grant is made on the spot.
  async loadExistingGrant(ctx: KoaContextWithOIDC) {
    const clientId = ctx.oidc.client?.clientId ?? "";
    const existing = ctx.oidc.session?.grantIdFor(clientId);
    if (existing) return ctx.oidc.provider.Grant.find(existing);
    const grant = new ctx.oidc.provider.Grant({ clientId, accountId: ctx.oidc.session?.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  pkce: { required: () => true },
  cookies: { keys: ["e2e-only-oidc-provider-cookie-key"] },
  features: { devInteractions: { enabled: true } },
});

const handle = provider.callback();
const server = createServer((request, response) => void handle(request, response));
server.listen(SSO_PROVIDER_PORT, "127.0.0.1", () => console.log(`[oidc-provider] ${SSO_ISSUER}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
process.on("SIGINT", () => server.close(() => process.exit(0)));
