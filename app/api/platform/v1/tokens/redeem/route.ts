import { redeemPlatformLinkToken } from "@/lib/data/console-data";

// The platform redeems a password-reset or confirmation link a customer clicked. Not a
// staff route: the caller is a platform source with the "redeem" scope (its bearer
// token), authenticated before the body is read (lib/platform/redeem-http.ts); the
// contract and every answer are in lib/platform/redeem.ts.
export function POST(request: Request): Promise<Response> {
  return redeemPlatformLinkToken(request);
}

export const dynamic = "force-dynamic";
