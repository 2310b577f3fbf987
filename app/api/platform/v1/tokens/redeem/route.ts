import { redeemRoute } from "@/lib/platform/redeem-http";

// The platform redeems a password-reset or confirmation link a customer clicked. Not a
// staff route: the caller is a platform source with the "redeem" scope (its bearer
// token), authenticated before the body is read by the platform door
// (lib/platform/redeem-http.ts); the contract and every answer are in lib/platform/redeem.ts.
export const POST = redeemRoute;

export const dynamic = "force-dynamic";
