import { redeemPlatformLinkToken } from "@/lib/data/console-data";
import { requestMeta } from "@/lib/http/client-address";

// The platform redeems a password-reset or confirmation link a customer clicked. Not a
// staff route: the caller is a platform source with the "redeem" scope (its bearer
// token); the contract and every answer are in lib/platform/redeem.ts.
export async function POST(request: Request): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    body = undefined;
  }
  const meta = requestMeta(request.headers);
  const result = await redeemPlatformLinkToken({ authorization: request.headers.get("authorization"), body, ...meta });
  return Response.json(result.body, {
    status: result.status,
    headers: { "cache-control": "no-store", ...(result.status === 401 ? { "www-authenticate": 'Bearer realm="platform"' } : {}) },
  });
}

export const dynamic = "force-dynamic";
