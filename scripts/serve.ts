// The console's web server: Next.js through its custom-server API, behind Node's http
// server so that every request carries the TCP peer's address in a header the console
// owns (lib/http/console-server.ts). The launcher (scripts/start.ts) runs this as a child
// process with NODE_ENV, DATABASE_URL and AUTH_SECRET set; the embedded database stays in
// the launcher's process.
//   --port <n>   --host <address> (omitted: every interface)   --dev (next dev)
import path from "node:path";
import { parseArgs } from "node:util";
import next from "next";
import { PEER_STAMPED_ENV } from "@/lib/http/client-address";
import { createConsoleServer } from "@/lib/http/console-server";

const ROOT = path.resolve(import.meta.dirname, "..");

const { values: args } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", default: "3000" },
    host: { type: "string" },
  },
});
const port = Number(args.port);
const host = args.host;
process.title = "console-web";
// Every request this process serves went through createConsoleServer, which stamps the
// peer header: only here may the console read it (see client-address.ts).
process.env[PEER_STAMPED_ENV] = "1";

// The handler exists once Next is prepared; the server listens only after that.
const nextApp: { handle?: ReturnType<ReturnType<typeof next>["getRequestHandler"]> } = {};
const server = createConsoleServer(
  async (request, response) => {
    if (!nextApp.handle) throw new Error("request before Next was ready");
    await nextApp.handle(request, response);
  },
  (error, request) => console.error(`[console] failed to handle ${request.method ?? "?"} ${request.url ?? "?"}`, error),
);
const app = next({ dev: args.dev, dir: ROOT, port, hostname: host ?? "localhost", httpServer: server });

let closing = false;
async function close(code: number): Promise<void> {
  if (closing) return;
  closing = true;
  server.close();
  server.closeAllConnections();
  await app.close().catch((error: unknown) => console.error("[console] closing Next failed", error));
  process.exit(code);
}
process.on("SIGTERM", () => void close(0));
if (process.connected) {
  // Under the launcher: Ctrl-C reaches the whole process group, and the launcher stops
  // this server (SIGTERM) before it closes the database, so SIGINT is its to handle.
  process.on("SIGINT", () => undefined);
  // The launcher is gone (killed): no database behind us any more.
  process.on("disconnect", () => void close(1));
} else {
  process.on("SIGINT", () => void close(0));
}

await app.prepare();
nextApp.handle = app.getRequestHandler();
server.on("error", (error) => {
  console.error("[console] the web server failed", error);
  process.exit(1);
});
server.listen(port, host, () => {
  const address = server.address();
  const bound =
    typeof address === "object" && address ? `${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}` : String(address);
  console.log(`[console] web server listening on ${bound}${args.dev ? " (next dev)" : ""}`);
});
