// The first admin of a real deployment, and the launcher's refusal to serve while a
// demo sign-in (whose password is in the README) still works.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyStaffCredentials } from "@/lib/auth/verify-credentials";
import { hashPassword } from "@/lib/auth/passwords";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { DEMO_STAFF } from "@/lib/staff/demo-staff";
import { configFrom } from "@/lib/config";
import { bootstrapStaffUser, demoStaffAllowed, demoStaffRefusal, usableDemoStaff } from "./bootstrap";

let t: TestDatabase;
const meta = { ip: "192.0.2.10", userAgent: "vitest" };
const ROOT = path.resolve(import.meta.dirname, "../..");

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => {
  await t?.drop();
});

function runStaffCreate(args: string[], stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, "node_modules/.bin/tsx"), ["scripts/staff-create.ts", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: t.url },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe("bootstrapping staff from the command line", () => {
  it("creates an admin with a generated password that signs in, audited as done from the command line", async () => {
    const result = await bootstrapStaffUser(t.db, { email: "Ops@Example.test", name: "Olga Ops", role: "ADMIN" }, { osUser: "deploy" });
    expect(result).toMatchObject({ ok: true, email: "ops@example.test", role: "ADMIN" });
    const password = result.ok ? (result.generatedPassword ?? "") : "";
    expect(password.length).toBeGreaterThanOrEqual(32);
    expect(await verifyStaffCredentials(t.db, { email: "ops@example.test", password }, meta)).toMatchObject({ ok: true, staff: { role: "ADMIN" } });
    const entry = await t.db.auditEntry.findFirstOrThrow({ where: { action: "staff.create" } });
    expect(entry).toMatchObject({ actorId: null, actorEmail: "cli:deploy", outcome: "DONE" });
    // The password is in no row but as its Argon2 hash.
    expect(JSON.stringify(await t.db.auditEntry.findMany({ select: { detail: true } }))).not.toContain(password);
  });

  it.each([
    [{ email: "ops@example.test", name: "Again", role: "ADMIN" }, /already exists/],
    [{ email: "OPS@example.test", name: "Again", role: "LEAD" }, /already exists/],
    [{ email: "not-an-email", name: "X", role: "ADMIN" }, /email: Enter a valid email address/],
    [{ email: "x@example.test", name: "X", role: "ROOT" }, /role: Choose a role/],
    [{ email: "x@example.test", name: "", role: "AGENT" }, /name: Enter a name/],
    [{ email: "x@example.test", name: "X", role: "AGENT", password: "short" }, /password: The initial password needs at least/],
    [null, /input/],
  ])("refuses %j with a clear message and writes nothing", async (input, message) => {
    const before = await t.db.staffUser.count();
    const result = await bootstrapStaffUser(t.db, input, { osUser: "deploy" });
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(message);
    expect(await t.db.staffUser.count()).toBe(before);
  });

  it("npm run staff:create reads the password from standard input and prints no password then", async () => {
    const run = await runStaffCreate(
      ["--email", "lead@example.test", "--name", "Lena Lead", "--role", "lead", "--password-stdin"],
      "a long enough passphrase\n",
    );
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/created lead lead@example\.test/);
    expect(run.stdout).not.toMatch(/password/i);
    expect(await verifyStaffCredentials(t.db, { email: "lead@example.test", password: "a long enough passphrase" }, meta)).toMatchObject({ ok: true });
    const bad = await runStaffCreate(["--email", "x@example.test", "--role", "lead"], "");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/usage: npm run staff:create/);
  });
});

describe("demo staff on a real server", () => {
  it("finds the demo sign-ins that still work, and none once their passwords changed or they are disabled", async () => {
    expect(await usableDemoStaff(t.db)).toEqual([]);
    for (const s of DEMO_STAFF) {
      await t.db.staffUser.create({ data: { email: s.email, name: s.name, role: s.role, passwordHash: await hashPassword(s.password) } });
    }
    expect((await usableDemoStaff(t.db)).sort()).toEqual(DEMO_STAFF.map((s) => s.email).sort());
    const [agent, lead] = DEMO_STAFF;
    await t.db.staffUser.update({ where: { email: agent?.email }, data: { passwordHash: await hashPassword("changed after deployment") } });
    await t.db.staffUser.update({ where: { email: lead?.email }, data: { disabledAt: new Date() } });
    expect(await usableDemoStaff(t.db)).toEqual(["admin@console.example"]);
  });

  // npm start on DATABASE_URL served a database whose demo admin still had its README
  // password: anybody could sign in as admin.
  it("makes npm start refuse to serve while one works, unless ALLOW_DEMO_STAFF=1", async () => {
    expect(await demoStaffRefusal(t.db, false)).toMatch(/^refusing to serve: the demo staff sign-in admin@console\.example still works/);
    expect(await demoStaffRefusal(t.db, true)).toBeNull();
    await t.db.staffUser.update({ where: { email: "admin@console.example" }, data: { disabledAt: new Date() } });
    expect(await demoStaffRefusal(t.db, false)).toBeNull();
  });
});

describe("demoStaffAllowed (what sign-in and enabling a staff user consult)", () => {
  it("allows the demo sign-ins only on the embedded demo database or with ALLOW_DEMO_STAFF=1", () => {
    expect(demoStaffAllowed(configFrom({ CONSOLE_DATABASE_MODE: "embedded" }))).toBe(true);
    expect(demoStaffAllowed(configFrom({ CONSOLE_DATABASE_MODE: "server", ALLOW_DEMO_STAFF: "1" }))).toBe(true);
    expect(demoStaffAllowed(configFrom({ CONSOLE_DATABASE_MODE: "server" }))).toBe(false);
    // Anything but "1" is refused at start rather than read as no.
    expect(() => configFrom({ CONSOLE_DATABASE_MODE: "server", ALLOW_DEMO_STAFF: "yes" })).toThrow(/ALLOW_DEMO_STAFF/);
    // A bare `next start`: no launcher said which database this is.
    expect(demoStaffAllowed(configFrom({ DATABASE_URL: "postgresql://db/console" }))).toBe(false);
  });
});
