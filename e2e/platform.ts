// The platform's side of the e2e specs: an event source whose token the spec knows (no
// screen makes one with a chosen token), and events posted through the real ingest API.
import { randomUUID } from "node:crypto";
import { expect, type APIRequestContext } from "@playwright/test";
import { newSourceToken } from "@/lib/platform/sources/tokens";
import { arrange } from "./support";

export interface E2ePlatform {
  token: string;
  post: (events: unknown[]) => Promise<{ status: number; body: { accepted?: number; rejected?: number } }>;
}

export function platformEvent(type: string, data: Record<string, unknown>, minutesAgo = 0) {
  return { specversion: "1.0", id: randomUUID(), source: "/e2e-platform", type, time: new Date(Date.now() - minutesAgo * 60_000).toISOString(), data };
}

export async function e2ePlatform(request: APIRequestContext, name: string): Promise<E2ePlatform> {
  const token = newSourceToken();
  await arrange(`INSERT INTO event_sources (name, token_hash, token_prefix) VALUES ($1, $2, $3)`, [name, token.hash, token.prefix]);
  return {
    token: token.token,
    post: async (events) => {
      const response = await request.post("/api/ingest/v1/events", {
        headers: { authorization: `Bearer ${token.token}`, "content-type": "application/cloudevents-batch+json" },
        data: JSON.stringify(events),
      });
      expect(response.status()).toBe(200);
      return { status: response.status(), body: (await response.json()) as { accepted?: number; rejected?: number } };
    },
  };
}
