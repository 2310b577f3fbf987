import { signUpRoute, staffApiPreflight } from "@/lib/staff-api/routes";

// One unconfirmed sign-up. The staff API (docs/staff-api.md): a personal access token, not a session; built by
// the platform door in lib/staff-api/routes.ts.
export const GET = signUpRoute;
export const OPTIONS = staffApiPreflight;

export const dynamic = "force-dynamic";
