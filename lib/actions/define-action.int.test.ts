// The wrapper's own promises, with a throwaway action: unexpected errors become a
// generic answer with detail only in the log, and the work rolls back while its
// refusal or failure is still audited.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { actAs, authMock, headersMock } from "@/lib/testing/action-harness";
import { defineAction, done, refuse } from "./define-action";

vi.mock("@/lib/auth/auth", () => authMock);
vi.mock("next/headers", () => headersMock);

let t: TestDatabase;
let agentId = "";

const probe = defineAction({
  name: "staff.create",
  permission: "account.view",
  input: z.object({ mode: z.enum(["ok", "refuse", "crash"]) }),
  async run({ tx, input, actor }) {
    // A write that must not survive a refusal or a crash.
    await tx.staffSignInFailure.create({ data: { emailLower: `probe-${input.mode}@test`, ip: "198.51.100.1" } });
    if (input.mode === "refuse") return refuse("REFUSED", "Not today.", "PROBE_REFUSED");
    if (input.mode === "crash") throw new Error("database password is hunter2");
    return done({ by: actor.email });
  },
});

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  agentId = (await t.db.staffUser.create({ data: { email: "agent@wrapper.test", name: "Agent", role: "AGENT" } })).id;
  actAs(agentId);
});
afterAll(async () => {
  await t?.drop();
});

const lastAudit = () => t.db.auditEntry.findFirstOrThrow({ orderBy: { id: "desc" } });
const probes = (mode: string) => t.db.staffSignInFailure.count({ where: { emailLower: `probe-${mode}@test` } });

describe("defineAction", () => {
  it("commits the work and its audit entry together", async () => {
    expect(await probe({ mode: "ok" })).toEqual({ ok: true, data: { by: "agent@wrapper.test" } });
    expect(await probes("ok")).toBe(1);
    expect(await lastAudit()).toMatchObject({ outcome: "DONE", actorId: agentId, ip: "198.51.100.23", userAgent: "vitest" });
  });

  it("rolls the work back on a refusal and audits the reason", async () => {
    expect(await probe({ mode: "refuse" })).toEqual({ ok: false, code: "REFUSED", message: "Not today." });
    expect(await probes("refuse")).toBe(0);
    expect(await lastAudit()).toMatchObject({ outcome: "REFUSED", code: "PROBE_REFUSED" });
  });

  it("answers an unexpected error generically, logs the detail, rolls back and audits a failure", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const result = await probe({ mode: "crash" });
    expect(result).toMatchObject({ ok: false, code: "INTERNAL" });
    expect(JSON.stringify(result)).not.toContain("hunter2");
    expect(logged.mock.calls.flat().join(" ")).toContain("hunter2");
    logged.mockRestore();
    expect(await probes("crash")).toBe(0);
    expect(await lastAudit()).toMatchObject({ outcome: "FAILED", code: "INTERNAL" });
  });
});
