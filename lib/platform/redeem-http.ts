import "server-only";
// `POST /api/platform/v1/tokens/redeem` through the platform door (lib/http/platform-
// route.ts): who is asking comes first (401, 403), from the headers alone and before a
// byte of the body is read, so an unauthenticated caller cannot make the process hold a
// large body (it used to be read whole with request.json(): 200 MiB took the web process
// from 336 MB to 1.05 GB). Then the body, read with a cap of a few KiB (413 past it): a
// redemption is `{"token": "<43 characters>"}`, about 60 bytes. The contract and every
// answer past the body are in ./redeem.ts.
import { ApiError, definePlatformRoute } from "@/lib/http/platform-route";
import { requestMeta } from "@/lib/http/client-address";
import { metrics } from "@/lib/metrics/metrics";
import { redeemBody, redeemLinkToken } from "./redeem";
import { rememberingSuccesses, sourceTokenAuthenticator, sourceTokenKey } from "./sources/authenticate";

export const REDEEM_MAX_BODY_BYTES = 4 * 1024;

export const redeemRoute = definePlatformRoute({
  where: "POST /api/platform/v1/tokens/redeem",
  // The claim checks the source again in its own statement (./redeem.ts): a success is
  // remembered for a few seconds so that a redemption is one round trip, not two.
  authenticator: rememberingSuccesses(sourceTokenAuthenticator("platform"), sourceTokenKey, { ttlMs: 10_000, maxEntries: 1_000 }),
  scope: "redeem",
  body: {
    kind: "json",
    maxBytes: REDEEM_MAX_BODY_BYTES,
    tooLarge: `The body is larger than ${REDEEM_MAX_BODY_BYTES / 1024} KiB: send {"token": "<the link's token parameter>"} alone.`,
    schema: redeemBody,
    // The code this endpoint has always answered a bad body with.
    invalidCode: "INVALID_BODY",
    hint: `Send {"token": "<the link's token parameter>"}.`,
  },
  // "redeemed" or the error code answered, the door's refusals included: a fixed vocabulary, never the token.
  answered: ({ code }) => metrics().redemptions.inc({ result: code === null ? "redeemed" : code.toLowerCase() }),
  handle: async ({ db, request, body, now }) => {
    const result = await redeemLinkToken(db, { authorization: request.headers.get("authorization"), body, ...requestMeta(request.headers), now });
    if (result.status !== 200) throw new ApiError(result.status, result.body.error.code, result.body.error.message);
    return result.body;
  },
});
