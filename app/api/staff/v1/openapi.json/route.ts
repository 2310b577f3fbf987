import { staffApiDocument } from "@/lib/staff-api/openapi";

// The staff API's OpenAPI 3.1 document, generated from its zod schemas; no token needed.
export function GET(): Response {
  return Response.json(staffApiDocument(), { headers: { "cache-control": "public, max-age=300" } });
}

export const dynamic = "force-dynamic";
