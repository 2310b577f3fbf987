"use client";

import type { KeyboardEvent } from "react";

/**
 * A plain GET form: the query lands in the URL (?q=), so a search can be pasted into a
 * ticket and works without JavaScript. ArrowDown jumps to the first result.
 */
/** `hideLabel`: where a visible heading already says "Find a customer" (the home page), the label is for screen readers only. */
export function SearchBox({ defaultValue, hideLabel = false }: { defaultValue: string; hideLabel?: boolean }) {
  const toResults = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== "ArrowDown") return;
    const first = document.querySelector<HTMLAnchorElement>("#search-results a[data-result-link]");
    if (first) {
      event.preventDefault();
      first.focus();
    }
  };
  return (
    <form method="get" action="/" role="search" className="flex flex-col gap-2 sm:flex-row sm:items-end">
      <div className="flex flex-1 flex-col gap-1">
        <label htmlFor="q" className={hideLabel ? "sr-only" : "text-sm font-medium text-slate-800"}>
          Find a customer
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={defaultValue}
          autoFocus
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
          onKeyDown={toResults}
          aria-describedby="q-hint"
          placeholder="email, username, account id, API user, key prefix (SG.…), teammate or subuser"
          className="rounded-md border border-slate-300 px-3 py-2 text-base shadow-sm"
        />
        <p id="q-hint" className="text-xs text-slate-600">
          Whatever the customer gave you. Case does not matter; the start of an email or username is enough (3 characters or more).
        </p>
      </div>
      <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-medium text-white hover:bg-blue-800">
        Search
      </button>
    </form>
  );
}
