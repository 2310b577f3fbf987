import { confirmationResendRoute, staffApiPreflight } from "@/lib/staff-api/routes";

// Resend a sign-up's confirmation (the console's own action). The staff API (docs/staff-api.md): a personal access token, not a session; built by
// the platform door in lib/staff-api/routes.ts.
export const POST = confirmationResendRoute;
export const OPTIONS = staffApiPreflight;

export const dynamic = "force-dynamic";
