import { webServerReadiness } from "@/lib/data/console-data";

// Readiness for load balancers: 200 while this instance should get traffic; 503 while it
// drains (SIGTERM), its database does not answer, or the database's migrations are behind
// this code (docs/operations.md#health-endpoints). Reveals nothing about customers.
export async function GET() {
  const answer = await webServerReadiness();
  return Response.json(answer.body, { status: answer.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
}

export const dynamic = "force-dynamic";
