import { pingDatabase, pingReadReplica } from "@/lib/data/console-data";

// For load balancers and the launcher: is this instance able to reach its database?
// It reveals nothing about customers.
// With a read replica (DATABASE_READ_URL) its state is reported too, but only the
// primary decides the status code: every instance shares the replica, so failing them
// all over it would take down the pages that never touch it (account pages, actions).
export async function GET() {
  const replica = await pingReadReplica();
  const replicaFields = replica ? { replica } : {};
  if (replica === "unreachable") console.error("health check: read replica (DATABASE_READ_URL) unreachable");
  try {
    await pingDatabase();
    return Response.json(
      { status: replica === "unreachable" ? "degraded" : "ok", database: "ok", ...replicaFields },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    console.error("health check: database unreachable", error);
    return Response.json({ status: "error", database: "unreachable", ...replicaFields }, { status: 503, headers: { "cache-control": "no-store" } });
  }
}

export const dynamic = "force-dynamic";
