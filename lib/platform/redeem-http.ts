// `POST /api/platform/v1/tokens/redeem`: the request-level rules around redeemLinkToken.
// Who is asking comes first (401, 403), from the headers alone and before a byte of the
// body is read, so an unauthenticated caller cannot make the process hold a large body
// (it used to be read whole with request.json(): 200 MiB took the web process from 336 MB
// to 1.05 GB). Then the body, read with a cap of a few KiB (413 past it): a redemption is
// `{"token": "<43 characters>"}`, about 60 bytes.
import type { Db } from "@/lib/db/prisma";
import { requestMeta } from "@/lib/http/client-address";
import { BodyTooLarge, readLimited } from "@/lib/http/read-limited";
import { metrics } from "@/lib/metrics/metrics";
import { redeemLinkToken, type RedeemResponse } from "./redeem";
import { authenticateSource } from "./sources/authenticate";

export const REDEEM_MAX_BODY_BYTES = 4 * 1024;

/**
 * `unread`: the body was left unread. Node's server would otherwise drain what the client
 * still sends (all of it, chunk by chunk, after the answer) to keep the connection: closing
 * it instead reads no more than the socket already holds.
 */
function answer(result: RedeemResponse, unread = false): Response {
  // The result is "redeemed" or the error code answered: a fixed vocabulary, never the token.
  metrics().redemptions.inc({ result: result.status === 200 ? "redeemed" : result.body.error.code.toLowerCase() });
  return Response.json(result.body, {
    status: result.status,
    headers: {
      "cache-control": "no-store",
      ...(result.status === 401 ? { "www-authenticate": 'Bearer realm="platform"' } : {}),
      ...(unread ? { connection: "close" } : {}),
    },
  });
}

export async function handleRedeemRequest(db: Db, request: Request, now = new Date()): Promise<Response> {
  const authorization = request.headers.get("authorization");
  const auth = await authenticateSource(db, authorization, "redeem", now);
  if (!auth.ok) {
    // The body is not wanted: release it rather than leave it to the runtime.
    await request.body?.cancel().catch(() => undefined);
    return answer({ status: auth.status, body: { error: { code: auth.status === 401 ? "UNAUTHENTICATED" : "SCOPE_MISSING", message: auth.message } } }, true);
  }

  let bytes: Uint8Array;
  try {
    bytes = await readLimited(request, REDEEM_MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return answer(
      {
        status: 413,
        body: {
          error: {
            code: "BODY_TOO_LARGE",
            message: `The body is larger than ${REDEEM_MAX_BODY_BYTES / 1024} KiB: send {"token": "<the link's token parameter>"} alone.`,
          },
        },
      },
      true,
    );
  }
  let body: unknown;
  try {
    body = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    body = undefined;
  }
  return answer(await redeemLinkToken(db, { authorization, body, ...requestMeta(request.headers), now }));
}
