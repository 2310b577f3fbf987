import { catalogueJsonSchema } from "@/lib/ingest/catalogue";

// The event catalogue as JSON Schema, generated from the same zod schemas the endpoint
// validates with. Public: it is documentation, and holds nothing about customers.
export function GET(): Response {
  return Response.json(catalogueJsonSchema(), { headers: { "cache-control": "public, max-age=300" } });
}
