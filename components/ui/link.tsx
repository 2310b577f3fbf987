// The console's only link component: Next's Link with prefetching off. Next prefetches
// every link that scrolls into view, and a prefetch renders the target page up to its
// first Suspense boundary. On this console that is not free and not harmless: an account
// page's render is an audited view (the page's own statement writes "account.view"), so
// a search listing prefetched its results and recorded views of customers the agent
// never opened (and filled "Recently opened" with them); a search link recorded a
// search nobody made; and one account page set off a dozen more renders of itself
// through its timeline's filter links. Navigation is still client-side; the next page
// is fetched on click, as a support console expects. eslint.config.mjs keeps next/link
// out of every other file.
import NextLink from "next/link";
import type { ComponentProps } from "react";

export function Link(props: Omit<ComponentProps<typeof NextLink>, "prefetch">) {
  return <NextLink {...props} prefetch={false} />;
}
