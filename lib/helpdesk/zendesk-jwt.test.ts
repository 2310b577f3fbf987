import { createHmac, generateKeyPairSync, sign } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openSidebarSession, sealSidebarSession, verifyZendeskSignedUrlToken } from "./zendesk-jwt";

const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
const other = generateKeyPairSync("rsa", { modulusLength: 2048 });
const publicKeyPem = publicKey.export({ type: "spki", format: "pem" }).toString();
const now = new Date("2026-12-07T10:00:00Z");
const nowS = Math.floor(now.getTime() / 1000);
const audience = "https://acme.zendesk.com/api/v2/apps/installations/42.json";
const expect_ = { publicKeyPem, audience, origin: "https://acme.zendesk.com", now };

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
function jwt(claims: Record<string, unknown>, key = privateKey, header: Record<string, unknown> = { alg: "RS256", typ: "JWT" }): string {
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${sign("sha256", Buffer.from(input), key).toString("base64url")}`;
}
const good = {
  iss: "acme.zendesk.com",
  aud: audience,
  sub: "9001",
  iat: nowS - 5,
  exp: nowS + 300,
  context: { product: "support", location: "ticket_sidebar" },
};

describe("Zendesk's signed-URL token", () => {
  it("names the agent when Zendesk signed it for this installation", () => {
    expect(verifyZendeskSignedUrlToken(jwt(good), expect_)).toEqual({ ok: true, value: { zendeskUserId: "9001" } });
  });

  it.each([
    ["another key", jwt(good, other.privateKey), "bad signature"],
    ["another installation", jwt({ ...good, aud: "https://acme.zendesk.com/api/v2/apps/installations/43.json" }), "another installation's token"],
    ["another account", jwt({ ...good, iss: "evil.zendesk.com" }), "another Zendesk account's token"],
    ["an expired token", jwt({ ...good, exp: nowS - 120 }), "expired"],
    ["another location", jwt({ ...good, context: { location: "user_sidebar" } }), "not the ticket sidebar"],
    ["no user", jwt({ ...good, sub: undefined }), "no Zendesk user in the token"],
    ["alg none", `${b64({ alg: "none" })}.${b64(good)}.`, "not signed with RS256"],
  ])("refuses %s", (_case, token, reason) => {
    expect(verifyZendeskSignedUrlToken(token, expect_)).toEqual({ ok: false, reason });
  });

  it("refuses HS256 signed with the public key as the secret (algorithm confusion)", () => {
    const input = `${b64({ alg: "HS256" })}.${b64(good)}`;
    const token = `${input}.${createHmac("sha256", publicKeyPem).update(input).digest("base64url")}`;
    expect(verifyZendeskSignedUrlToken(token, expect_)).toEqual({ ok: false, reason: "not signed with RS256" });
  });

  it("refuses a token whose claims were changed after signing", () => {
    const [h, , s] = jwt(good).split(".");
    expect(verifyZendeskSignedUrlToken(`${h}.${b64({ ...good, sub: "1" })}.${s}`, expect_)).toEqual({ ok: false, reason: "bad signature" });
  });
});

describe("the sidebar session", () => {
  const key = Buffer.alloc(32, 7);
  const session = { staffId: "staff-1", zendeskUserId: "9001", expiresAt: nowS + 60 };

  it("opens what it sealed", () => {
    expect(openSidebarSession(sealSidebarSession(session, key), key, now)).toEqual({ ok: true, value: session });
  });

  it("refuses another key, a changed payload and an expired session", () => {
    const sealed = sealSidebarSession(session, key);
    expect(openSidebarSession(sealed, Buffer.alloc(32, 8), now).ok).toBe(false);
    const [v, , mac] = sealed.split(".");
    const forged = `${v}.${Buffer.from(JSON.stringify(["staff-2", "9001", nowS + 60])).toString("base64url")}.${mac}`;
    expect(openSidebarSession(forged, key, now).ok).toBe(false);
    expect(openSidebarSession(sealed, key, new Date((nowS + 120) * 1000))).toEqual({ ok: false, reason: "sidebar session over: reload the ticket" });
  });
});
