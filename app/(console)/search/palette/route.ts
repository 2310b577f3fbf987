// The command palette's lookup (Ctrl/Cmd-K): the search page's search, with the same
// permission and the same audit entry (customer.search), answered as JSON.
import { headers } from "next/headers";
import { requireStaff } from "@/lib/auth/current-staff";
import { findCustomers } from "@/lib/data/console-data";
import { PALETTE_LIMIT, paletteParams, toPaletteResponse, type PaletteResponse } from "@/lib/model/palette";
import { invalidFilterResponse } from "@/lib/export/responses";
import { requestMeta } from "@/lib/http/client-address";
import { readInput } from "@/lib/validation/read-input";

const json = (body: PaletteResponse) => Response.json(body, { headers: { "Cache-Control": "no-store" } });

export async function GET(request: Request): Promise<Response> {
  const staff = await requireStaff("account.view", "route:/search/palette");
  const parsed = readInput(paletteParams, new URL(request.url).searchParams);
  if (!parsed.ok) return invalidFilterResponse({ [parsed.field.replace(/\W/g, "_")]: parsed.message });
  const q = parsed.data.q?.trim() ?? "";
  // Nothing typed yet: nothing to look up, and nothing to audit.
  if (!q) return json({ query: "", results: [], truncated: false });
  const found = await findCustomers(q, staff, requestMeta(await headers()), { limit: PALETTE_LIMIT });
  return json(toPaletteResponse(found));
}
