import { accountRoute, staffApiPreflight } from "@/lib/staff-api/routes";

// One account: verdict, findings, actions, reply, emails. The staff API (docs/staff-api.md): a personal access token, not a session; built by
// the platform door in lib/staff-api/routes.ts.
export const GET = accountRoute;
export const OPTIONS = staffApiPreflight;

export const dynamic = "force-dynamic";
