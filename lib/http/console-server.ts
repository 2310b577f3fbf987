// The console's HTTP server: Node's http server in front of Next's request handler
// (scripts/serve.ts wires the two), so that the console itself, never the client, says
// which address a request came from (see client-address.ts).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { inSpan, SpanKind } from "@/lib/telemetry/span";
import { normaliseAddress, PEER_HEADER, trustedProxyHops } from "./client-address";
import { newRequestId, REQUEST_ID_HEADER, runInRequest } from "./request-context";

/**
 * Forwarding headers no client may write. X-Forwarded-Host is never taken from a request
 * (the console's public origin is AUTH_URL, else the Host the browser connected to:
 * lib/http/public-origin.ts); X-Forwarded-Proto and -Port only when TRUSTED_PROXY_HOPS
 * says a proxy we run is in front and writes them. Next fills in whichever is missing
 * from the connection itself, and Auth.js builds its redirect URIs from them.
 */
export function untrustedForwardingHeaders(hops = trustedProxyHops()): readonly string[] {
  return hops > 0 ? ["x-forwarded-host"] : ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"];
}

/**
 * Writes the TCP peer's address into PEER_HEADER and a fresh request id into
 * REQUEST_ID_HEADER, dropping every copy of either the client sent, and drops the
 * forwarding headers a client could have written (see above).
 */
export function stampPeerAddress(request: IncomingMessage, hops = trustedProxyHops(), requestId = newRequestId()): string {
  const peer = normaliseAddress(request.socket.remoteAddress);
  const dropped = new Set([PEER_HEADER, REQUEST_ID_HEADER, ...untrustedForwardingHeaders(hops)]);
  // Node builds `headers` and `headersDistinct` lazily from `rawHeaders`, over the count
  // of entries the parser saw: build both first, then set all three views, so that no
  // view (and no duplicate of the header) still holds a value the client wrote.
  const { headers, headersDistinct } = request;
  for (const name of dropped) {
    delete headers[name];
    delete headersDistinct[name];
  }
  headers[PEER_HEADER] = peer;
  headersDistinct[PEER_HEADER] = [peer];
  headers[REQUEST_ID_HEADER] = requestId;
  headersDistinct[REQUEST_ID_HEADER] = [requestId];
  const raw = request.rawHeaders;
  const kept: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    if (!dropped.has(name.toLowerCase())) kept.push(name, raw[i + 1] ?? "");
  }
  kept.push(PEER_HEADER, peer, REQUEST_ID_HEADER, requestId);
  raw.splice(0, raw.length, ...kept);
  return peer;
}

export type RequestHandler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

export function createConsoleServer(handle: RequestHandler, onError: (error: unknown, request: IncomingMessage) => void): Server {
  const server = createServer((request, response) => {
    const requestId = newRequestId();
    stampPeerAddress(request, trustedProxyHops(), requestId);
    // The answer names the id too, so a support ticket can quote it.
    response.setHeader(REQUEST_ID_HEADER, requestId);
    // The request's root span is ours: Next's own spans nest under it and never continue a
    // trace a client's traceparent header names. The path only: a query may carry anything.
    const path = (request.url ?? "/").split("?")[0] ?? "/";
    const attributes = { "http.request.method": request.method ?? "?", "url.path": path, "console.request_id": requestId };
    void runInRequest({ requestId }, () =>
      inSpan(
        `${request.method ?? "?"} request`,
        attributes,
        async (span) => {
          try {
            await handle(request, response);
          } catch (error: unknown) {
            onError(error, request);
            if (!response.headersSent) {
              response.statusCode = 500;
              response.end("Internal Server Error");
            } else {
              response.destroy();
            }
          } finally {
            span.setAttribute("http.response.status_code", response.statusCode);
          }
        },
        SpanKind.SERVER,
      ),
    );
  });
  // Upgrade requests (the dev server's hot reload) skip the request listener; this one
  // runs before the listener Next adds on its first request.
  server.on("upgrade", (request: IncomingMessage) => {
    stampPeerAddress(request);
  });
  return server;
}
