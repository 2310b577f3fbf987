"use client";
// Whether React has hydrated this component: false on the server and while hydrating,
// true after. The account page streams its cards in after the heading, and until a
// card is hydrated its buttons do nothing; a control marks itself ready with it
// (data-ready), as the header's shortcuts mark the document, so tests press it only
// once a press can work.
import { useSyncExternalStore } from "react";

// Nothing to subscribe to: the value moves once, from the server's snapshot to the browser's.
const noSubscription = () => () => {};

export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
