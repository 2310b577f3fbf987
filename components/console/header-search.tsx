"use client";
// The search box in the console header, on every page. `/` focuses it from anywhere
// except while typing in a field (where `/` is just a character). A plain GET form to the
// search page, so it works without JavaScript and the query lands in the URL.
import { useEffect, useRef } from "react";
import { OPEN_PALETTE_EVENT } from "./command-palette";

/** True when a key press belongs to whatever the user is typing in. */
export function isTypingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function HeaderSearch() {
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || isTypingIn(event.target)) return;
      // A modal (the palette, a confirmation) owns the keyboard while it is open.
      if (document.querySelector("dialog[open]")) return;
      event.preventDefault();
      input.current?.focus();
      input.current?.select();
    };
    document.addEventListener("keydown", onKey);
    // The shortcut is live from here on (see the palette's marker for why tests wait for it).
    document.documentElement.dataset.searchShortcut = "ready";
    return () => {
      document.removeEventListener("keydown", onKey);
      delete document.documentElement.dataset.searchShortcut;
    };
  }, []);
  return (
    <form
      method="get"
      action="/"
      role="search"
      aria-label="Quick search"
      className="order-2 flex w-full items-center md:order-1 md:w-auto xl:order-3 xl:max-w-60 xl:min-w-40 xl:flex-1"
    >
      <input
        ref={input}
        id="header-q"
        name="q"
        type="search"
        aria-label="Search customers"
        aria-keyshortcuts="/"
        autoComplete="off"
        spellCheck={false}
        maxLength={254}
        placeholder="Search customers ( / )"
        className="w-full rounded-md border border-slate-300 px-2 py-1.5 text-sm shadow-sm md:w-60 md:py-1 xl:w-full"
      />
      {/* The palette's shortcut, said where people look for it; hidden on phones, which have no Ctrl key. */}
      <button
        type="button"
        onClick={() => document.dispatchEvent(new Event(OPEN_PALETTE_EVENT))}
        aria-keyshortcuts="Control+K Meta+K"
        title="Jump to a customer (Ctrl+K, or ⌘K on a Mac)"
        className="ml-2 hidden shrink-0 items-center gap-1 rounded-md border border-slate-300 px-2 py-1 text-xs text-slate-700 md:inline-flex"
        data-testid="palette-shortcut"
      >
        Jump <kbd className="font-sans font-semibold">Ctrl K</kbd>
      </button>
    </form>
  );
}
