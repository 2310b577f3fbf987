import { beforeAll, describe, expect, it } from "vitest";
import { hashToken, newResetToken, sealToken } from "@/lib/email/token";
import { renderEmail } from "./render-email";

beforeAll(() => {
  process.env.OUTBOX_SECRET = "unit-test-outbox-secret";
  process.env.CUSTOMER_APP_URL = "https://app.test/";
});

function hrefs(html: string): string[] {
  return [...html.matchAll(/href="([^"]+)"/g)].map((m) => (m[1] ?? "").replaceAll("&amp;", "&"));
}

describe("renderEmail", () => {
  it("PASSWORD_RESET: link with the raw token in both parts, expiry, the integrations warning, ignore-if-not-you", async () => {
    const raw = newResetToken();
    const email = await renderEmail(
      "PASSWORD_RESET",
      { kind: "PASSWORD_RESET", username: "acme_mail", sealedToken: sealToken(raw), expiresAt: "2026-07-14T13:05:00.000Z" },
      "ops@acme.test",
    );
    const link = `https://app.test/reset-password?token=${raw}`;
    expect(email.subject).toBe("Reset your password");
    expect(hrefs(email.html)).toContain(link);
    expect(email.text).toContain(link);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("acme_mail");
      expect(part).toContain("14 July 2026");
      expect(part).toContain("13:05 UTC");
      expect(part).toMatch(/API or SMTP integration/);
      expect(part).toMatch(/stop\s+sending/);
      expect(part).toMatch(/did not ask for a password reset/);
    }
    // The link's token is the one whose hash the database keeps.
    const token = new URL(link).searchParams.get("token");
    expect(token && hashToken(token)).toBe(hashToken(raw));
  });

  it("USERNAME_RECOVERY: the username and a sign-in link", async () => {
    const email = await renderEmail("USERNAME_RECOVERY", { kind: "USERNAME_RECOVERY", username: "acme_mail" }, "ops@acme.test");
    expect(email.subject).toBe("Your username");
    expect(hrefs(email.html)).toContain("https://app.test/login");
    expect(email.text).toContain("https://app.test/login");
    expect(email.html).toContain("acme_mail");
    expect(email.text).toContain("acme_mail");
    expect(email.text).toMatch(/did not ask for your username/);
  });

  it("CONFIRMATION_RESEND: the sign-up username, a link carrying a single-use token (not the address) and its expiry", async () => {
    const recipient = "new+user@acme.test";
    const raw = newResetToken();
    const email = await renderEmail(
      "CONFIRMATION_RESEND",
      { kind: "CONFIRMATION_RESEND", username: "newbie", sealedToken: sealToken(raw), expiresAt: "2026-07-17T13:05:00.000Z" },
      recipient,
    );
    const link = `https://app.test/signup/confirm?token=${raw}`;
    expect(email.subject).toBe("Confirm your email address");
    expect(hrefs(email.html)).toContain(link);
    expect(email.text).toContain(link);
    for (const part of [email.html, email.text]) {
      expect(part).toContain("newbie");
      expect(part).toContain("17 July 2026");
      // Anyone who knows an address could forge a link made of it.
      expect(part).not.toContain("new%2Buser%40acme.test");
    }
  });

  it("escapes what the customer chose (a username is not HTML)", async () => {
    const email = await renderEmail("USERNAME_RECOVERY", { kind: "USERNAME_RECOVERY", username: "<b>x</b>" }, "a@b.test");
    expect(email.html).not.toContain("<b>x</b>");
    expect(email.html).toContain("&lt;b&gt;x&lt;/b&gt;");
  });

  it("refuses a payload whose kind differs from the row's", async () => {
    await expect(renderEmail("PASSWORD_RESET", { kind: "USERNAME_RECOVERY", username: "x" }, "a@b.test")).rejects.toThrow(/does not match/);
  });

  it("refuses a token sealed with another secret", async () => {
    const sealed = sealToken("abc");
    process.env.OUTBOX_SECRET = "another-secret";
    try {
      await expect(
        renderEmail("PASSWORD_RESET", { kind: "PASSWORD_RESET", username: "x", sealedToken: sealed, expiresAt: new Date().toISOString() }, "a@b.test"),
      ).rejects.toThrow();
    } finally {
      process.env.OUTBOX_SECRET = "unit-test-outbox-secret";
    }
  });
});
