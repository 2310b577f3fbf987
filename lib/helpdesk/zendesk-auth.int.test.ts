// The Zendesk sidebar's console side on a real database: Zendesk's signed page load
// mapped to a staff member, and the staff API calls that page may make (integration token
// and page session both required, the staff member re-read each time).
import { createHash, generateKeyPairSync, sign } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { authenticateZendeskCall, openZendeskSidebar, SIDEBAR_SESSION_HEADER, zendeskSidebarAuthenticator } from "./zendesk-auth";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const TOKEN = "acs_zd_int-test-token";
const AUDIENCE = "https://acme.zendesk.com/api/v2/apps/installations/7.json";
let t: TestDatabase;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
function zendeskToken(sub: string): string {
  const now = Math.floor(Date.now() / 1000);
  const input = `${b64({ alg: "RS256" })}.${b64({ iss: "acme.zendesk.com", aud: AUDIENCE, sub, iat: now, exp: now + 60, context: { location: "ticket_sidebar" } })}`;
  return `${input}.${sign("sha256", Buffer.from(input), privateKey).toString("base64url")}`;
}
const call = (session: string, token = TOKEN) => new Headers({ authorization: `Bearer ${token}`, [SIDEBAR_SESSION_HEADER]: session });

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.staffUser.create({ data: { email: "Ana@Acme.test", name: "Ana", role: "AGENT" } });
  await t.db.staffUser.create({ data: { email: "gone@acme.test", name: "Gone", role: "LEAD", disabledAt: new Date() } });
  vi.stubEnv("ZENDESK_ORIGIN", "https://acme.zendesk.com");
  vi.stubEnv("ZENDESK_APP_AUDIENCE", AUDIENCE);
  vi.stubEnv("ZENDESK_APP_PUBLIC_KEY", publicKey.export({ type: "spki", format: "pem" }).toString());
  vi.stubEnv("ZENDESK_INTEGRATION_TOKEN_SHA256", createHash("sha256").update(TOKEN).digest("hex"));
  vi.stubEnv("ZENDESK_AGENTS", "100=ana@acme.test,200=gone@acme.test");
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await t?.drop();
});

describe("the Zendesk sidebar", () => {
  it("opens for a mapped agent as their staff member, whose calls then pass with the integration token", async () => {
    const opened = await openZendeskSidebar(t.db, zendeskToken("100"), new Date());
    expect(opened).toMatchObject({ ok: true, zendeskUserId: "100", staff: { name: "Ana", role: "AGENT" } });
    if (!opened.ok) return;
    const result = await authenticateZendeskCall(t.db, call(opened.session), new Date());
    expect(result).toMatchObject({ ok: true, principal: { via: "zendesk", zendeskUserId: "100", staff: { name: "Ana" } } });
  });

  it("refuses an agent mapped to nobody, and one whose staff member is disabled", async () => {
    expect(await openZendeskSidebar(t.db, zendeskToken("300"), new Date())).toMatchObject({ ok: false, status: 403, zendeskUserId: "300" });
    expect(await openZendeskSidebar(t.db, zendeskToken("200"), new Date())).toMatchObject({ ok: false, status: 403 });
  });

  it("refuses a call without the integration token, with another token, or without the page's session", async () => {
    const opened = await openZendeskSidebar(t.db, zendeskToken("100"), new Date());
    if (!opened.ok) throw new Error("not opened");
    expect(await authenticateZendeskCall(t.db, call(opened.session, "acs_zd_guessed"), new Date())).toMatchObject({ ok: false, status: 401 });
    expect(await authenticateZendeskCall(t.db, new Headers({ [SIDEBAR_SESSION_HEADER]: opened.session }), new Date())).toMatchObject({
      ok: false,
      status: 401,
    });
    expect(await authenticateZendeskCall(t.db, call(""), new Date())).toMatchObject({ ok: false, status: 401 });
  });

  it("stops a page's session at the next call once its staff member is disabled", async () => {
    const opened = await openZendeskSidebar(t.db, zendeskToken("100"), new Date());
    if (!opened.ok) throw new Error("not opened");
    await t.db.staffUser.update({ where: { emailLower: "ana@acme.test" }, data: { disabledAt: new Date() } });
    expect(await authenticateZendeskCall(t.db, call(opened.session), new Date())).toMatchObject({ ok: false, status: 403 });
    await t.db.staffUser.update({ where: { emailLower: "ana@acme.test" }, data: { disabledAt: null } });
  });

  it("as the door's authenticator, leaves any other bearer to the next way in (401)", async () => {
    const request = new Request("http://console.test/api/staff/v1/search", { headers: { authorization: "Bearer acs_pat_abcdefgh_x" } });
    expect(await zendeskSidebarAuthenticator.authenticate(t.db, request, "read", new Date())).toMatchObject({ ok: false, status: 401 });
  });
});
