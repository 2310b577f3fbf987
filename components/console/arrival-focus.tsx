"use client";
// Opening a customer (from the results, the palette or a pasted link) puts focus on the
// page's main heading, with a visible ring, so a keyboard or screen-reader user starts at
// the customer's name rather than at the top of the header. An evidence link in the URL
// (#login_attempt-…) wins: the timeline focuses that entry (components/account/timeline-focus.tsx).
import { usePathname } from "next/navigation";
import { useEffect } from "react";

const CUSTOMER_PAGE = /^\/(accounts|signups)\/[^/]+$/;
const RING = ["focus:outline-2", "focus:outline-offset-4", "focus:outline-blue-600", "scroll-mt-4"];

export function ArrivalFocus() {
  const pathname = usePathname();
  useEffect(() => {
    if (!CUSTOMER_PAGE.test(pathname) || window.location.hash) return;
    const heading = document.querySelector<HTMLElement>("main h1");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.classList.add(...RING);
    heading.focus();
  }, [pathname]);
  return null;
}
