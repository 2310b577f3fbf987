import { describe, expect, it } from "vitest";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { newResetToken } from "@/lib/email/token";
import { scanForSecrets } from "./secret-scan";

// Lines the console really writes: none of them holds a secret.
const CLEAN = [
  '{"level":"info","time":"2026-12-07T05:00:00.000Z","message":"outbox: sent","outboxId":12,"requestId":"0af7651916cd43dd8448eb211c80319c","traceId":"4bf92f3577b34da6a3ce929d0e0e4736"}',
  "[console] web server listening on 127.0.0.1:3100",
  '{"level":"warn","message":"source cs_AbC12x used a retired type","hash":"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"}',
  "Reset link: https://app.example.com/reset?token=[redacted]",
].join("\n");

describe("the log scan for secrets", () => {
  it("passes the lines the console writes", () => {
    expect(scanForSecrets(CLEAN, [{ kind: "secret", value: "e2e-secret-not-for-production-use-0123456789" }])).toEqual([]);
  });

  it("finds a planted source token, link token, session cookie and password, and masks them", () => {
    const source = newSourceToken().token;
    const link = newResetToken();
    const cookie = "eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2Q0JDLUhTNTEyIn0..sTdNxYQ0t8kxRz3H.4f0fYyZ_x1uN3hD2aQ.Gq8wYp1wGm2V3u0l";
    const planted = [
      CLEAN,
      `{"message":"ingest","authorization":"Bearer ${source}"}`,
      `{"message":"sent","link":"https://app.example.com/reset?token=${link}"}`,
      `{"message":"token","value":"${link}"}`,
      `{"message":"cookie","cookie":"authjs.session-token=${cookie}"}`,
      `{"message":"staff created","password":"pw-0b8f7a52-3c1d-4e2f-9a6b-7c8d9e0f1a2b"}`,
      `{"message":"demo","password":"correct horse battery"}`,
      `{"message":"signed in","staff":"Agent@Console.example"}`,
    ].join("\n");
    const findings = scanForSecrets(planted, [
      { kind: "password", value: "correct horse battery" },
      { kind: "staff email", value: "agent@console.example" },
    ]);
    expect(new Set(findings.map((f) => `${f.kind}@${f.line}`))).toEqual(
      new Set(["source token@5", "link token@6", "link token@7", "session cookie@8", "password@9", "password@10", "staff email@11"]),
    );
    // The report of a leak does not leak it again.
    for (const secret of [source, link, cookie]) expect(JSON.stringify(findings)).not.toContain(secret);
  });
});
