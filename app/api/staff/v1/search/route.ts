import { searchRoute, staffApiPreflight } from "@/lib/staff-api/routes";

// Search customers as the search page does. The staff API (docs/staff-api.md): a personal access token, not a session; built by
// the platform door in lib/staff-api/routes.ts.
export const GET = searchRoute;
export const OPTIONS = staffApiPreflight;

export const dynamic = "force-dynamic";
