// What a customer can type reaches the ingest endpoint in usernames, user agents and
// ids. A value PostgreSQL cannot store used to fail the batch's transaction with a 503
// that the sender retried forever, so nothing behind it ever arrived. Here such a value
// is that event's rejection, naming the field, and the rest of the batch applies.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@/lib/db/test-database";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { buildEvent } from "./build-event";

let t: TestDatabase;
let POST: (request: Request) => Promise<Response>;
const token = newSourceToken();

beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url;
  await t.db.eventSource.create({ data: { name: "platform", tokenHash: token.hash, tokenPrefix: token.prefix } });
  ({ POST } = await import("@/app/api/ingest/v1/events/route"));
  const created = await post([buildEvent("account.created", { account_id: "known", username: "known_user", email: "known@example.com" })]);
  expect(created.body.accepted).toBe(1);
}, 120_000);
afterAll(async () => {
  await t?.drop();
});

interface Result {
  index: number;
  id: string | null;
  status: "accepted" | "duplicate" | "rejected";
  effect?: string;
  reason?: string;
}

async function post(events: unknown[]): Promise<{ status: number; body: { accepted: number; rejected: number; results: Result[] } }> {
  const response = await POST(
    new Request("http://console.test/api/ingest/v1/events", {
      method: "POST",
      headers: { authorization: `Bearer ${token.token}`, "content-type": "application/cloudevents-batch+json" },
      body: JSON.stringify(events),
    }),
  );
  return { status: response.status, body: (await response.json()) as { accepted: number; rejected: number; results: Result[] } };
}

let seq = 0;
const login = (data: Record<string, unknown> = {}) =>
  buildEvent("login.attempted", { channel: "web", outcome: "failure", reason: "wrong_password", ip: "192.0.2.7", ...data });
const account = (data: Record<string, unknown> = {}) => {
  const n = ++seq;
  return buildEvent("account.created", { account_id: `acct-${n}`, username: `user_${n}`, email: `u${n}@example.com`, ...data });
};
const credential = (data: Record<string, unknown> = {}) => buildEvent("credential.changed", { account_id: "known", kind: "password", ...data });

const NUL = "a\u0000b";
const LONE = "a\ud800b";

describe("a string PostgreSQL cannot store rejects its event alone, naming the field", () => {
  const cases: [string, (bad: string) => unknown][] = [
    ["data.username_tried", (bad) => login({ username_tried: bad })],
    ["data.user_agent", (bad) => login({ user_agent: bad })],
    ["data.username", (bad) => account({ username: bad })],
    ["data.detail", (bad) => credential({ detail: bad })],
    ["id", (bad) => ({ ...login(), id: bad })],
    ["source", (bad) => ({ ...login(), source: `/platform/${bad}` })],
  ];
  it.each(
    cases.flatMap(([field, make]) => [
      [field, "a NUL character", NUL, make],
      [field, "a lone surrogate", LONE, make],
    ]),
  )("%s with %s", async (field, what, bad, make) => {
    const before = await t.db.loginAttempt.count();
    const { status, body } = await post([login(), make(bad), account(), credential()]);
    expect(status).toBe(200);
    expect(body.results.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted", "accepted"]);
    expect(body.results[1]?.reason).toMatch(new RegExp(`^${field.replace(/\./g, "\\.")}: contains ${what} \\(U\\+`));
    // The id is echoed only when it can be: a refused id is answered as null.
    if (field === "id") expect(body.results[1]?.id).toBeNull();
    expect(await t.db.loginAttempt.count()).toBe(before + 1);
  });

  it("a string anywhere in data (a list item) is named by its path", async () => {
    const { body } = await post([
      buildEvent("teammate.added", {
        account_id: "known",
        teammate_id: "tm-x",
        username: "tm",
        email: "tm@example.com",
        level: "restricted",
        scopes: ["mail.send", NUL],
      }),
    ]);
    expect(body.results[0]?.reason).toMatch(/^data\.scopes\.1: contains a NUL character \(U\+0000\) at character 2/);
  });
});

describe("a value the database still refuses is that event's rejection, through its savepoint", () => {
  it("on the bulk login path and on a state event: only the guilty events are rejected", async () => {
    // Stands for any value validation lets through and PostgreSQL refuses (a data or
    // integrity error): the database, not the validator, decides here.
    await t.db.$executeRawUnsafe(`ALTER TABLE login_attempts ADD CONSTRAINT test_refuses CHECK (user_agent IS DISTINCT FROM 'db-refuses-this')`);
    await t.db.$executeRawUnsafe(`ALTER TABLE accounts ADD CONSTRAINT test_refuses CHECK (plan <> 'db-refuses-this')`);
    try {
      const before = await t.db.loginAttempt.count();
      const { status, body } = await post([
        login({ username_tried: "first" }),
        login({ user_agent: "db-refuses-this" }),
        login({ username_tried: "third" }),
        account(),
        account({ plan: "db-refuses-this" }),
        account(),
      ]);
      expect(status).toBe(200);
      expect(body.results.map((r) => r.status)).toEqual(["accepted", "rejected", "accepted", "accepted", "rejected", "accepted"]);
      expect(body.results[1]?.reason).toMatch(/^data: .*SQLSTATE 23514/);
      expect(body.results[4]?.reason).toMatch(/^data: .*SQLSTATE 23514/);
      expect(await t.db.loginAttempt.count()).toBe(before + 2);
      expect(await t.db.loginAttempt.count({ where: { usernameTried: { in: ["first", "third"] } } })).toBe(2);
      // Rejected ids are not remembered: the corrected event can be sent again.
      const retried = await post([{ ...login(), id: body.results[1]?.id }]);
      expect(retried.body.results[0]?.status).toBe("accepted");
    } finally {
      await t.db.$executeRawUnsafe(`ALTER TABLE login_attempts DROP CONSTRAINT test_refuses`);
      await t.db.$executeRawUnsafe(`ALTER TABLE accounts DROP CONSTRAINT test_refuses`);
    }
  });

  it("a timestamp PostgreSQL cannot hold (year 0) rejects that event, not the batch", async () => {
    const { status, body } = await post([
      login(),
      { ...login(), time: "0000-01-01T00:00:00Z" },
      buildEvent("account.updated", { account_id: "known", locked_until: "0000-06-01T00:00:00Z" }),
      login(),
    ]);
    expect(status).toBe(200);
    expect(body.results.map((r) => r.status)).toEqual(["accepted", "rejected", "rejected", "accepted"]);
  });
});

// Any UTF-16 code units, surrogate halves and NUL included, and strings sure to hold one.
const anyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 24 }),
  fc
    .tuple(
      fc.string({ unit: "binary", maxLength: 8 }),
      fc.constantFrom("\u0000", "\ud800", "\udbff", "\udc00", "\udfff"),
      fc.string({ unit: "binary", maxLength: 8 }),
    )
    .map(([a, b, c]) => a + b + c),
);

/** Independent of the code under test: NUL, or a lone surrogate (encodeURIComponent refuses those). */
function unstorable(text: string): boolean {
  if (text.includes("\u0000")) return true;
  try {
    encodeURIComponent(text);
    return false;
  } catch {
    return true;
  }
}

type Poisonable = { make: () => Record<string, unknown>; fields: string[] };
const plain = (event: object): Record<string, unknown> => ({ ...event });
const TEMPLATES: Poisonable[] = [
  {
    make: () => plain(login()),
    fields: ["id", "source", "subject", "data.username_tried", "data.user_agent", "data.api_key_prefix", "data.ip", "data.account_id"],
  },
  { make: () => plain(account()), fields: ["id", "data.username", "data.email", "data.plan", "data.account_id", "data.unified_login_id"] },
  { make: () => plain(credential()), fields: ["id", "data.actor_label", "data.detail", "data.user_agent", "data.ip"] },
];

function setPath(event: Record<string, unknown>, path: string, value: string): Record<string, unknown> {
  const [head, tail] = path.split(".") as [string, string | undefined];
  if (tail === undefined) return { ...event, [head]: value };
  return { ...event, [head]: { ...(event[head] as Record<string, unknown>), [tail]: value } };
}

describe("property: arbitrary Unicode in any string field never fails the batch", () => {
  it("never a 5xx; every valid event applied; every refused one named by the field it was poisoned in", async () => {
    const item = fc.oneof(
      fc.record({ template: fc.nat({ max: TEMPLATES.length - 1 }), poison: fc.constant(null) }),
      fc.record({
        template: fc.nat({ max: TEMPLATES.length - 1 }),
        poison: fc.record({ pick: fc.nat(), text: anyText }),
      }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 8 }), async (items) => {
        const sent = items.map(({ template, poison }) => {
          const spec = TEMPLATES[template] as Poisonable;
          if (!poison) return { event: spec.make(), field: null, text: null };
          const field = spec.fields[poison.pick % spec.fields.length] as string;
          return { event: setPath(spec.make(), field, poison.text), field, text: poison.text };
        });
        const before = await t.db.loginAttempt.count();
        const { status, body } = await post(sent.map((s) => s.event));
        expect(status).toBe(200);
        let loginsStored = 0;
        sent.forEach((s, i) => {
          const result = body.results[i];
          if (s.field === null || s.text === null) {
            expect(result).toMatchObject({ status: "accepted", effect: "applied" });
          } else {
            if (unstorable(s.text)) expect(result?.status).toBe("rejected");
            if (result?.status === "rejected") expect(result.reason?.startsWith(`${s.field}: `), `${s.field} in ${result.reason}`).toBe(true);
          }
          if (s.event.type === "login.attempted" && result?.status === "accepted" && result.effect === "applied") loginsStored++;
        });
        expect(await t.db.loginAttempt.count()).toBe(before + loginsStored);
      }),
      { numRuns: 40 },
    );
  });
});
