import { NextRequest } from "next/server";
import { handlers } from "@/lib/auth/auth";
import { BodyTooLarge, readLimited } from "@/lib/http/read-limited";

/** Auth.js's forms (sign-in, sign-out, CSRF) are a few hundred bytes. */
const AUTH_MAX_BODY_BYTES = 64 * 1024;

export const { GET } = handlers;

// Auth.js reads the body whole (request.text()) before it knows who is asking, and these
// routes answer anybody: hand it the body only once it is read under a cap.
export async function POST(request: NextRequest): Promise<Response> {
  let body: Uint8Array;
  try {
    body = await readLimited(request, AUTH_MAX_BODY_BYTES);
  } catch (error) {
    if (!(error instanceof BodyTooLarge)) throw error;
    return new Response(`The body is larger than ${AUTH_MAX_BODY_BYTES / 1024} KiB.`, {
      status: 413,
      headers: { "cache-control": "no-store", connection: "close" },
    });
  }
  return handlers.POST(new NextRequest(request.url, { method: "POST", headers: request.headers, body: Buffer.from(body) }));
}
