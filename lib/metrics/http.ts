// The request histogram, observed around the console's whole HTTP handler
// (scripts/serve.ts): every response, pages, route handlers, server actions and Next's own
// files alike, labelled by the route template a RouteMatcher finds for its path, never
// the path itself. Also counts the requests in flight, which a draining server waits for.
//
// Not server-only: scripts/serve.ts runs this in plain Node.
import type { IncomingMessage, ServerResponse } from "node:http";
import { metrics } from "./metrics";
import { requestPath, type RouteMatcher } from "./routes";

type Handler = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

export function observeRequests(match: RouteMatcher) {
  let inFlight = 0;
  return {
    inFlight: () => inFlight,
    wrap(handle: Handler): Handler {
      return async (request, response) => {
        const started = performance.now();
        inFlight++;
        // "close" comes for every response, finished or cut off (the client went away).
        response.once("close", () => {
          inFlight--;
          const method = METHODS.has(request.method ?? "") ? (request.method as string) : "other";
          const status = response.writableFinished ? String(response.statusCode) : "aborted";
          metrics().httpDuration.observe({ method, route: match(requestPath(request.url)), status }, (performance.now() - started) / 1000);
        });
        await handle(request, response);
      };
    },
  };
}
