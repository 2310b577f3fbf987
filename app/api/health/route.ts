import { pingDatabase } from "@/lib/data/console-data";

// For load balancers and the launcher: is this instance able to reach its database?
// It reveals nothing about customers.
export async function GET() {
  try {
    await pingDatabase();
    return Response.json({ status: "ok", database: "ok" }, { headers: { "cache-control": "no-store" } });
  } catch (error) {
    console.error("health check: database unreachable", error);
    return Response.json({ status: "error", database: "unreachable" }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}

export const dynamic = "force-dynamic";
