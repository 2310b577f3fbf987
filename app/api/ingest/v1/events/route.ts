import { ingestEvents } from "@/lib/data/console-data";

// The platform's event stream (CloudEvents 1.0, structured or binary mode). Authenticated by the
// source's bearer token, not a staff session: see lib/ingest/http.ts.
export function POST(request: Request): Promise<Response> {
  return ingestEvents(request);
}

export const dynamic = "force-dynamic";
