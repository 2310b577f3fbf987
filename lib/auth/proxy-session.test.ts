// The proxy decodes the session cookie once and hands the claims to pages in a sealed
// header (proxy-session.ts). A page trusts that header, so these tests pin what a
// client cannot do with it: forge one, alter one, replay one past the session's life,
// or bring one sealed under another secret; and that the cookie Auth.js issues decodes.
import { encode } from "next-auth/jwt";
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import proxy from "@/proxy";
import { SESSION_CLAIMS_HEADER, openSessionClaims, readSessionCookie, sealSessionClaims, sessionCookieName } from "./proxy-session";

const env = { AUTH_SECRET: "a-test-secret-that-is-long-enough-0123456789" };
const other = { AUTH_SECRET: "another-secret-entirely-abcdefghijklmnopqrstu" };
const now = Date.UTC(2026, 10, 30, 12, 0, 0);
const claims = { sub: "staff-1", sid: "session-1", signedInAt: now / 1000 - 60 };
const COOKIE = "authjs.session-token";

async function cookieFor(payload: Record<string, unknown>, secret = env.AUTH_SECRET ?? "", name = COOKIE): Promise<string> {
  return `${name}=${await encode({ token: payload, secret, salt: name, maxAge: 8 * 3600 })}`;
}
const plainHttp = (cookie: string) => new Headers({ cookie, "x-forwarded-proto": "http" });

describe("the sealed session header", () => {
  it("opens what the proxy sealed", () => {
    expect(openSessionClaims(sealSessionClaims(claims, env), env, now)).toEqual(claims);
  });

  it("ignores a header a client wrote: plain JSON, an altered payload, a borrowed MAC, or another secret's seal", () => {
    const sealed = sealSessionClaims(claims, env) ?? "";
    const [payload, mac] = sealed.split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, sub: "staff-admin" })).toString("base64url");
    expect(openSessionClaims(JSON.stringify(claims), env, now)).toBeNull();
    expect(openSessionClaims(forged, env, now)).toBeNull();
    expect(openSessionClaims(`${forged}.${mac}`, env, now)).toBeNull();
    expect(openSessionClaims(`${payload}.`, env, now)).toBeNull();
    expect(openSessionClaims(sealSessionClaims(claims, other), env, now)).toBeNull();
    expect(openSessionClaims(null, env, now)).toBeNull();
  });

  it("ignores a sealed header once the session is past its absolute lifetime", () => {
    const old = { ...claims, signedInAt: now / 1000 - 9 * 3600 };
    expect(openSessionClaims(sealSessionClaims(old, env), env, now)).toBeNull();
  });
});

describe("reading the session cookie", () => {
  it("decodes the cookie Auth.js issues, under the name Auth.js gives it", async () => {
    const headers = plainHttp(await cookieFor({ sub: "staff-1", sid: "session-1", signedInAt: claims.signedInAt }));
    expect(await readSessionCookie(headers, env, now)).toEqual(claims);
  });

  it("refuses a cookie of another secret, one without a session id, and one past the session's life", async () => {
    expect(
      await readSessionCookie(plainHttp(await cookieFor({ sub: "staff-1", sid: "s", signedInAt: claims.signedInAt }, other.AUTH_SECRET)), env, now),
    ).toBeNull();
    expect(await readSessionCookie(plainHttp(await cookieFor({ sub: "staff-1", signedInAt: claims.signedInAt })), env, now)).toBeNull();
    expect(await readSessionCookie(plainHttp(await cookieFor({ sub: "staff-1", sid: "s", signedInAt: now / 1000 - 9 * 3600 })), env, now)).toBeNull();
    expect(await readSessionCookie(plainHttp("authjs.session-token=not-a-token"), env, now)).toBeNull();
  });

  it("takes the __Secure- cookie over https and only that one, as Auth.js does", async () => {
    const payload = { sub: "staff-1", sid: "session-1", signedInAt: claims.signedInAt };
    const secure = await cookieFor(payload, env.AUTH_SECRET, "__Secure-authjs.session-token");
    expect(sessionCookieName(new Headers({ "x-forwarded-proto": "https" }), env)).toBe("__Secure-authjs.session-token");
    expect(await readSessionCookie(new Headers({ cookie: secure, "x-forwarded-proto": "https" }), env, now)).toEqual(claims);
    expect(await readSessionCookie(new Headers({ cookie: await cookieFor(payload), "x-forwarded-proto": "https" }), env, now)).toBeNull();
  });

  it("reassembles a cookie Auth.js split into chunks", async () => {
    const whole = (await cookieFor({ sub: "staff-1", sid: "session-1", signedInAt: claims.signedInAt })).slice(COOKIE.length + 1);
    const chunked = `${COOKIE}.1=${whole.slice(100)}; other=1; ${COOKIE}.0=${whole.slice(0, 100)}`;
    expect(await readSessionCookie(plainHttp(chunked), env, now)).toEqual(claims);
  });
});

describe("the proxy", () => {
  const secret = process.env.AUTH_SECRET;
  const withSecret = async <T>(run: () => Promise<T>): Promise<T> => {
    process.env.AUTH_SECRET = env.AUTH_SECRET;
    try {
      return await run();
    } finally {
      if (secret === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = secret;
    }
  };
  const forwarded = (response: Response) => response.headers.get(`x-middleware-request-${SESSION_CLAIMS_HEADER}`);

  it("replaces a client's session header with the claims of the cookie", async () => {
    await withSecret(async () => {
      const signedInAt = Math.floor(Date.now() / 1000) - 60;
      const cookie = await cookieFor({ sub: "staff-agent", sid: "s-1", signedInAt });
      const forged = sealSessionClaims({ sub: "staff-admin", sid: "s-1", signedInAt }, other);
      const request = new NextRequest("http://console.test/accounts/1", {
        headers: { cookie, "x-forwarded-proto": "http", [SESSION_CLAIMS_HEADER]: forged ?? "" },
      });
      const response = await proxy(request);
      expect(response.status).toBe(200);
      expect(openSessionClaims(forwarded(response))).toMatchObject({ sub: "staff-agent", sid: "s-1" });
    });
  });

  it("sends a request with a session header and no cookie to sign-in, passing nothing on", async () => {
    await withSecret(async () => {
      const sealed = sealSessionClaims({ sub: "staff-admin", sid: "s-1", signedInAt: Math.floor(Date.now() / 1000) }, env);
      const request = new NextRequest("http://console.test/staff", { headers: { [SESSION_CLAIMS_HEADER]: sealed ?? "" } });
      const response = await proxy(request);
      expect(response.status).toBe(307);
      expect(response.headers.get("location")).toContain("/sign-in");
      expect(forwarded(response)).toBeNull();
      // On a public page the request goes on, without the header it brought.
      const signIn = await proxy(new NextRequest("http://console.test/sign-in", { headers: { [SESSION_CLAIMS_HEADER]: sealed ?? "" } }));
      expect(signIn.status).toBe(200);
      expect(forwarded(signIn)).toBeNull();
    });
  });
});
