import { expect, test } from "@playwright/test";
import { OTLP_PORT } from "@/playwright.config";
import { isWithin, type ReceivedSpan } from "./otlp";
import { queryE2eDatabase, storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

async function receivedSpans(): Promise<ReceivedSpan[]> {
  const response = await fetch(`http://127.0.0.1:${OTLP_PORT}/spans`);
  return (await response.json()) as ReceivedSpan[];
}

test("[AGENT][TRACING]: one account page view is one trace, whose request span holds the page's database statements", async ({ page }) => {
  // A customer account of the demo data (the first demo entries are sign-ups, with no account page).
  const email = "healthy@demo.example";
  const [account] = await queryE2eDatabase<{ id: number }>("SELECT id FROM accounts WHERE email_lower = lower($1)", [email]);
  expect(account).toBeDefined();
  // A request id a client chose is never the one the console uses.
  await page.setExtraHTTPHeaders({ "x-request-id": "client-chosen" });
  const response = await page.goto(`/accounts/${account?.id}`);
  expect(response?.status()).toBe(200);
  const requestId = response?.headers()["x-request-id"] ?? "";
  expect(requestId).toMatch(/^[0-9a-f]{32}$/);

  // The web server exports its spans in batches (OTEL_BSP_SCHEDULE_DELAY in playwright.config.ts).
  let request: ReceivedSpan | undefined;
  let statements: ReceivedSpan[] = [];
  await expect
    .poll(async () => {
      const spans = await receivedSpans();
      request = spans.find((span) => span.attributes["console.request_id"] === requestId);
      statements = spans.filter((span) => request && span.traceId === request.traceId && span.name === "prisma:client:db_query");
      return statements.length;
    })
    .toBeGreaterThan(2);
  const spans = await receivedSpans();
  expect(request).toMatchObject({ parentSpanId: "", service: "access-console", attributes: { "url.path": `/accounts/${account?.id}` } });
  for (const statement of statements) {
    if (!request) throw new Error("no request span");
    expect(isWithin(statement, request, spans)).toBe(true);
    // The SQL, never its parameters.
    expect(String(statement.attributes["db.query.text"] ?? "")).not.toContain(email);
  }
  // Next's own span for the route sits in the same trace, under ours.
  expect(spans.some((span) => span.traceId === request?.traceId && span.attributes["next.route"] === "/accounts/[id]")).toBe(true);
});
