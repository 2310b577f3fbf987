import { ingestEvents } from "@/lib/ingest/route";

// The platform's event stream (CloudEvents 1.0, structured or binary mode). Authenticated by the
// source's bearer token, not a staff session, through the platform door: see lib/ingest/route.ts.
export const POST = ingestEvents;

export const dynamic = "force-dynamic";
