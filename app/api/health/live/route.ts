import { LIVE } from "@/lib/health/readiness";

// Liveness for orchestrators: the process answers. Never the database: an outage there
// must make instances unready (./ready), not get them all restarted.
export function GET() {
  return Response.json(LIVE.body, { headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";
