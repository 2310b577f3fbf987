// A small OpenTelemetry collector for the e2e run: accepts OTLP/HTTP JSON on /v1/traces
// (the console is started with OTEL_EXPORTER_OTLP_PROTOCOL=http/json), keeps the spans,
// answers them flattened on GET /spans for e2e/tracing.spec.ts, and appends them to a file
// that e2e/global-teardown.ts scans for secrets like the server's log.
//   tsx e2e/otlp-receiver.ts --port <n> --out <file>
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import path from "node:path";
import { parseArgs } from "node:util";
import { flattenOtlpJson, type ReceivedSpan } from "./otlp";

const { values } = parseArgs({ options: { port: { type: "string" }, out: { type: "string" } } });
const out = values.out ?? ".data/e2e-logs/spans.jsonl";
mkdirSync(path.dirname(out), { recursive: true });
// A fresh file for every run: the scan must see this run's spans only.
writeFileSync(out, "");
const spans: ReceivedSpan[] = [];

createServer((request, response) => {
  if (request.method === "POST" && request.url === "/v1/traces") {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const received = flattenOtlpJson(JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown);
      spans.push(...received);
      appendFileSync(out, received.map((span) => JSON.stringify(span) + "\n").join(""));
      response.setHeader("content-type", "application/json");
      response.end("{}");
    });
    return;
  }
  response.setHeader("content-type", "application/json");
  response.end(request.url === "/spans" ? JSON.stringify(spans) : "{}");
}).listen(Number(values.port), "127.0.0.1");
