// A free TCP port on the loopback interface, for what tests and benchmarks start beside
// themselves (a standby, a pooler, an SMTP sink, the built console). One helper: there
// were four copies of it.
import { createServer } from "node:net";

/** Ports already handed out by freePort in this process (a range is walked, not reused). */
const handedOut = new Set<number>();

/** The port a listener got at the loopback interface, or null when it could not listen. */
async function canListen(port: number): Promise<number | null> {
  return await new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(null));
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : null));
    });
  });
}

/**
 * A free port: any the system picks, or with BENCH_PORTS (`3700-3799`) the first free one
 * of that range not handed out before, so that on a machine whose ports are shared out
 * among several users a run keeps to its own.
 */
export async function freePort(): Promise<number> {
  const range = /^(\d+)-(\d+)$/.exec(process.env.BENCH_PORTS?.trim() ?? "");
  if (!range) {
    const port = await canListen(0);
    if (port === null) throw new Error("no free port on 127.0.0.1");
    return port;
  }
  for (let port = Number(range[1]); port <= Number(range[2]); port++) {
    if (handedOut.has(port) || (await canListen(port)) === null) continue;
    handedOut.add(port);
    return port;
  }
  throw new Error(`no free port in BENCH_PORTS ${range[0]}`);
}
