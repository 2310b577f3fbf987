// The console's HTTP server decides the client's address: whatever a client writes in
// x-console-peer or X-Forwarded-For, the handler (Next, in production) sees the TCP peer.
import type { IncomingMessage, Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, PEER_HEADER } from "./client-address";
import { createConsoleServer } from "./console-server";

interface Seen {
  address: string;
  header: string | string[] | undefined;
  distinct: string[] | undefined;
  raw: string[];
  /** What reached the handler of the forwarding headers Auth.js builds redirect URIs from. */
  forwarded?: Record<string, string | string[] | undefined>;
}

// Headers as Next builds them for route handlers and proxy.ts (from request.headers).
function asFetchHeaders(request: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  return headers;
}

let server: Server;
let port: number;

beforeAll(async () => {
  server = createConsoleServer(
    (request, response) => {
      const raw: string[] = [];
      for (let i = 0; i < request.rawHeaders.length; i += 2) {
        if (request.rawHeaders[i]?.toLowerCase() === PEER_HEADER) raw.push(request.rawHeaders[i + 1] ?? "");
      }
      const seen: Seen = {
        address: clientAddress(asFetchHeaders(request), 0),
        header: request.headers[PEER_HEADER],
        distinct: request.headersDistinct[PEER_HEADER],
        raw,
      };
      const forwarded = Object.fromEntries(
        ["x-forwarded-host", "x-forwarded-proto", "x-forwarded-port"]
          .filter((name) => request.headers[name] !== undefined)
          .map((name) => [name, request.headers[name]]),
      );
      if (Object.keys(forwarded).length) seen.forwarded = forwarded;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify(seen));
      return Promise.resolve();
    },
    () => undefined,
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Sends a raw HTTP/1.1 request (so header names, case and duplicates are exactly ours). */
function send(headerLines: string[]): Promise<Seen> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (answer += chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const body = answer.slice(answer.indexOf("\r\n\r\n") + 4);
      try {
        resolve(JSON.parse(body) as Seen);
      } catch (error) {
        reject(new Error(`not JSON: ${answer}`, { cause: error }));
      }
    });
    socket.write(["GET / HTTP/1.1", "Host: console.test", ...headerLines, "Connection: close", "", ""].join("\r\n"));
  });
}

const PEER_ONLY: Seen = { address: "127.0.0.1", header: "127.0.0.1", distinct: ["127.0.0.1"], raw: ["127.0.0.1"] };

describe("the console's HTTP server", () => {
  it("records the TCP peer when the client sends nothing", async () => {
    expect(await send([])).toEqual(PEER_ONLY);
  });

  it("ignores a spoofed X-Forwarded-For", async () => {
    expect(await send(["X-Forwarded-For: 203.0.113.5"])).toEqual(PEER_ONLY);
  });

  it("overwrites a client-sent x-console-peer, in any case, duplicated or not", async () => {
    expect(await send([`${PEER_HEADER}: 203.0.113.5`])).toEqual(PEER_ONLY);
    expect(await send(["X-Console-Peer: 203.0.113.5", "x-console-peer: 203.0.113.6", "X-CONSOLE-PEER: =1+2"])).toEqual(PEER_ONLY);
  });

  // Issue 19 item 9: a client-written X-Forwarded-Host chose the redirect URI Auth.js
  // sends to the identity provider (and the host Next checks server actions against).
  it("drops a client's X-Forwarded-Host, -Proto and -Port when no proxy is configured", async () => {
    expect(await send(["X-Forwarded-Host: evil.test", "X-Forwarded-Proto: https", "x-forwarded-port: 443", "X-FORWARDED-HOST: a.test"])).toEqual(PEER_ONLY);
  });

  it("keeps a configured proxy's X-Forwarded-Proto, never X-Forwarded-Host", async () => {
    process.env.TRUSTED_PROXY_HOPS = "1";
    try {
      const seen = await send(["X-Forwarded-Host: evil.test", "X-Forwarded-Proto: https"]);
      expect(seen.forwarded).toEqual({ "x-forwarded-proto": "https" });
    } finally {
      delete process.env.TRUSTED_PROXY_HOPS;
    }
  });
});
