import { beforeAll, describe, expect, it } from "vitest";
import { hashToken, newResetToken, openToken, sealToken } from "./token";

beforeAll(() => {
  process.env.OUTBOX_SECRET = "test-secret";
});

describe("reset tokens", () => {
  it("are random, 256-bit and hash to a stable hex digest", () => {
    const a = newResetToken();
    expect(a).not.toBe(newResetToken());
    expect(Buffer.from(a, "base64url")).toHaveLength(32);
    expect(hashToken(a)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(a)).toBe(hashToken(a));
  });

  it("seal and open back, and a tampered seal is rejected", () => {
    const token = newResetToken();
    const sealed = sealToken(token);
    expect(sealed).not.toContain(token);
    expect(openToken(sealed)).toBe(token);
    const [iv, tag, body] = sealed.split(".");
    expect(() => openToken([iv, tag, `${body}A`].join("."))).toThrow();
  });
});
