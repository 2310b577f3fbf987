// Every log line of a request names the request by an id our own server chose, and the
// trace it belongs to; a client's x-request-id or traceparent is never taken.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { context, propagation, trace } from "@opentelemetry/api";
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { log } from "@/lib/log";
import { createConsoleServer } from "./console-server";
import { REQUEST_ID_HEADER } from "./request-context";

const CLIENT_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const exporter = new InMemorySpanExporter();
const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let server: Server;
let port: number;

beforeAll(async () => {
  provider.register();
  server = createConsoleServer(
    (request, response) => {
      log.info("handling", { seen: request.headers[REQUEST_ID_HEADER] });
      response.end(String(request.headers[REQUEST_ID_HEADER]));
      return Promise.resolve();
    },
    () => undefined,
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await provider.shutdown();
  trace.disable();
  context.disable();
  propagation.disable();
});

describe("request ids and trace ids in the logs", () => {
  it("replaces a client's x-request-id with our own, and every line logged for the request carries it and the trace id", async () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    let response: Response;
    try {
      response = await fetch(`http://127.0.0.1:${port}/accounts/1?q=x`, {
        headers: { "x-request-id": "client-chosen", traceparent: `00-${CLIENT_TRACE}-00f067aa0ba902b7-01` },
      });
    } finally {
      spy.mockRestore();
    }
    const requestId = response.headers.get(REQUEST_ID_HEADER) ?? "";
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(await response.text()).toBe(requestId);

    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toMatchObject({ "console.request_id": requestId, "url.path": "/accounts/1", "http.response.status_code": 200 });
    const traceId = span?.spanContext().traceId;
    // Our span starts the trace: a client cannot attach the console's work to a trace of its choosing.
    expect(traceId).not.toBe(CLIENT_TRACE);
    expect(span?.parentSpanContext).toBeUndefined();

    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toEqual([expect.objectContaining({ message: "handling", seen: requestId, requestId, traceId })]);
  });

  it("logs no request id outside a request", () => {
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: string) => void lines.push(line));
    try {
      log.info("upkeep");
    } finally {
      spy.mockRestore();
    }
    expect(JSON.parse(lines[0] ?? "{}")).not.toHaveProperty("requestId");
  });
});
