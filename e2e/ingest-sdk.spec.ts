// The platform's engineers send with the official CloudEvents SDK, whose emitter uses
// binary mode unless told otherwise: both modes against the running console.
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { CloudEvent, emitterFor, httpTransport, Mode } from "cloudevents";
import { e2ePlatform } from "./platform";
import { storageStateFor } from "./support";

test.use({ storageState: storageStateFor("AGENT") });

interface IngestAnswer {
  accepted: number;
  duplicate: number;
  rejected: number;
  results: { index: number; id: string | null; status: string; effect?: string; reason?: string }[];
}

test("[AGENT][INGEST]: events sent with the official CloudEvents SDK, in binary and structured mode, reach the account page", async ({
  page,
  request,
  baseURL,
}) => {
  const accountId = `acct_sdk_${randomUUID().slice(0, 8)}`;
  const username = `e2e-sdk-${accountId.slice(-8)}`;
  const { token } = await e2ePlatform(request, `e2e-${accountId}`);
  const sink = `${baseURL ?? ""}/api/ingest/v1/events`;
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const answer = (response: unknown) => JSON.parse((response as { body: string }).body) as IngestAnswer;
  const event = (type: string, data: Record<string, unknown>) => new CloudEvent({ type, source: "/e2e-platform/sdk", time: new Date().toISOString(), data });

  const binary = emitterFor(httpTransport(sink));
  const created = event("account.created", { account_id: accountId, username, email: `${username}@sdk.example`, plan: "pro" });
  expect(answer(await binary(created, auth))).toMatchObject({ accepted: 1, results: [{ id: created.id, status: "accepted", effect: "applied" }] });

  const structured = emitterFor(httpTransport(sink), { mode: Mode.STRUCTURED });
  const attempt = event("login.attempted", {
    account_id: accountId,
    channel: "smtp",
    outcome: "failure",
    reason: "wrong_password",
    username_tried: username,
    ip: "203.0.113.91",
  });
  expect(answer(await structured(attempt, auth))).toMatchObject({ accepted: 1, results: [{ id: attempt.id, status: "accepted", effect: "applied" }] });
  // The same event in the other mode is the same delivery.
  expect(answer(await binary(attempt, auth))).toMatchObject({ duplicate: 1, results: [{ status: "duplicate" }] });
  const invalid = event("login.attempted", { channel: "web", outcome: "success", ip: "not-an-ip" });
  expect(answer(await binary(invalid, auth)).results[0]).toMatchObject({ status: "rejected", reason: "data.ip: expected an IPv4 or IPv6 address" });

  await page.goto(`/?q=${encodeURIComponent(accountId)}`);
  await expect(page).toHaveURL(/\/accounts\/\d+/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(username);
});
