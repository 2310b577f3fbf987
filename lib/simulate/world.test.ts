// The simulator must send what the catalogue accepts (a simulator whose events are
// rejected tests nothing), tell the stories it promises, and deliver every event at
// least once however it reorders and repeats them.
import { describe, expect, it } from "vitest";
import { EVENT_CATALOGUE } from "@/lib/ingest/catalogue";
import { UnreliableDelivery } from "./delivery";
import { seededRandom } from "./random";
import { SimulatedPlatform, type SimEvent } from "./world";

function run(ticks: number, perTick: number, seed = 7): SimEvent[] {
  const world = new SimulatedPlatform({ random: seededRandom(seed), runId: "t1", initialAccounts: 10 });
  const events: SimEvent[] = [];
  const start = Date.parse("2026-11-30T08:00:00Z");
  for (let i = 0; i < ticks; i++) events.push(...world.tick(perTick, start + i * 500));
  return events;
}

describe("SimulatedPlatform", () => {
  const events = run(400, 25);

  it("emits only events the catalogue accepts, with unique ids", () => {
    for (const event of events) {
      const parsed = EVENT_CATALOGUE[event.type].schema.safeParse(event.data);
      expect(parsed.success, `${event.type} ${JSON.stringify(event.data)} ${parsed.error?.message ?? ""}`).toBe(true);
      expect(event.specversion).toBe("1.0");
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });

  it("tells the stories the console is for: lockouts, teammate password changes, revoked keys, unpaid invoices, sign-ups", () => {
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "account.created",
      "signup.created",
      "signup.confirmed",
      "credential.changed",
      "api_key.revoked",
      "invoice.issued",
      "billing.warning_sent",
      "login.attempted",
    ]) {
      expect(types, type).toContain(type);
    }
    const locks = events.filter((e) => e.type === "account.updated" && "locked_until" in e.data);
    expect(locks.length).toBeGreaterThan(0);
    const attempts = events.filter((e) => e.type === "login.attempted").length;
    expect(attempts / events.length).toBeGreaterThan(0.6);
  });

  it("is reproducible from its seed", () => {
    expect(run(20, 10, 3).map((e) => [e.type, e.data])).toEqual(run(20, 10, 3).map((e) => [e.type, e.data]));
  });
});

describe("UnreliableDelivery", () => {
  it("delivers every event at least once, some twice, some late and out of order", () => {
    const delivery = new UnreliableDelivery<number>(seededRandom(1), { duplicateRate: 0.05, delayRate: 0.1 });
    const sent: number[] = [];
    let next = 0;
    for (let batch = 0; batch < 50; batch++) {
      const fresh = Array.from({ length: 20 }, () => next++);
      sent.push(...delivery.schedule(fresh));
    }
    sent.push(...delivery.drain());
    expect(new Set(sent).size).toBe(next);
    expect(sent.length).toBeGreaterThan(next);
    const outOfOrder = sent.filter((n, i) => i > 0 && n < (sent[i - 1] ?? 0)).length;
    expect(outOfOrder).toBeGreaterThan(0);
  });
});
