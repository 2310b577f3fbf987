import "server-only";
import { headers } from "next/headers";
import { requestMeta, type RequestMeta } from "./client-address";

/**
 * The current request's address and user agent, for code that may also run outside a
 * request (Auth.js events fire inside one, but nothing guarantees it): outside, the
 * address is `unknown` rather than an exception that would abort a sign-out.
 */
export async function currentRequestMeta(): Promise<RequestMeta> {
  try {
    return requestMeta(await headers());
  } catch {
    return { ip: "unknown", userAgent: null };
  }
}
