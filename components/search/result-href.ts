import type { SearchResultItem } from "@/lib/model/search";

/** Where a search result leads: a sign-up has no account yet, so it has its own page. */
export const hrefFor = (r: Pick<SearchResultItem, "kind" | "id">) => (r.kind === "signup" ? `/signups/${r.id}` : `/accounts/${r.id}`);
