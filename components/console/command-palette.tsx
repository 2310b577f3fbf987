"use client";
// The command palette: Ctrl/Cmd-K from any page, type whatever the search accepts, arrows
// to choose, Enter to open, Esc to close (focus goes back where it was). The lookup is
// the search page's own (/search/palette: same permission, same audit entry), asked
// after a short pause in typing so a query is not audited once per keystroke.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from "react";
import type { PaletteResponse, PaletteResult } from "@/lib/model/palette";
import { VerdictChip } from "@/components/account/verdict-chip";
import { cx } from "@/lib/cx";

const DEBOUNCE_MS = 250;

type State = { status: "idle" } | { status: "loading" } | { status: "done"; response: PaletteResponse } | { status: "error" };

/** Dispatched on `document` by the header's shortcut button (header-search.tsx). */
export const OPEN_PALETTE_EVENT = "console:open-palette";

export function CommandPalette() {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const returnTo = useRef<HTMLElement | null>(null);
  const [query, setQuery] = useState("");
  const [state, setState] = useState<State>({ status: "idle" });
  const [active, setActive] = useState(0);
  const listId = useId();
  const optionId = (i: number) => `${listId}-option-${i}`;

  const open = useCallback(() => {
    const d = dialog.current;
    if (!d || d.open) return;
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    d.showModal();
    input.current?.select();
  }, []);

  const close = useCallback(() => dialog.current?.close(), []);

  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey) {
        event.preventDefault();
        open();
      }
    };
    document.addEventListener("keydown", onKey);
    // The header's shortcut button asks for the palette the same way.
    document.addEventListener(OPEN_PALETTE_EVENT, open);
    // Says the shortcut is live: a key pressed before hydration is lost, and tests (and
    // anyone scripting the console) wait for this rather than for a guessed delay.
    document.documentElement.dataset.paletteShortcut = "ready";
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener(OPEN_PALETTE_EVENT, open);
      delete document.documentElement.dataset.paletteShortcut;
    };
  }, [open]);

  // Esc (the dialog's own cancel) and every other way out put focus back.
  useEffect(() => {
    const d = dialog.current;
    const onClose = () => returnTo.current?.focus();
    d?.addEventListener("close", onClose);
    return () => d?.removeEventListener("close", onClose);
  }, []);

  useEffect(() => {
    const q = query.trim();
    if (!q) return;
    const controller = new AbortController();
    const timer = setTimeout(() => {
      setState({ status: "loading" });
      fetch(`/search/palette?q=${encodeURIComponent(q)}`, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(async (response) => {
          if (!response.ok) throw new Error(String(response.status));
          setState({ status: "done", response: (await response.json()) as PaletteResponse });
          setActive(0);
        })
        .catch((error: unknown) => {
          if (!(error instanceof DOMException && error.name === "AbortError")) setState({ status: "error" });
        });
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [query]);

  // An emptied box shows the hint, whatever the last answer was.
  const shown: State = query.trim() ? state : { status: "idle" };
  const results: PaletteResult[] = shown.status === "done" ? shown.response.results : [];

  const go = (result: PaletteResult | undefined) => {
    if (!result) return;
    // The page opened takes focus (its heading); nothing to return to.
    returnTo.current = null;
    close();
    router.push(result.href);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (results.length === 0) return;
      setActive((i) => (event.key === "ArrowDown" ? (i + 1) % results.length : (i - 1 + results.length) % results.length));
    } else if (event.key === "Enter") {
      event.preventDefault();
      if (results.length > 0) go(results[active]);
      else if (query.trim()) {
        // Nothing listed yet (still typing): the full search page answers.
        close();
        router.push(`/?q=${encodeURIComponent(query.trim())}`);
      }
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-label="Jump to a customer"
      className="mx-auto mt-[15vh] w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-slate-200 backdrop-dim bg-white p-0 shadow-xl"
      data-testid="command-palette"
      onClick={(event) => {
        if (event.target === dialog.current) close();
      }}
    >
      <div className="flex flex-col">
        {/* A short accessible name; what may be typed is its description. */}
        <label htmlFor={`${listId}-input`} className="px-4 pt-3 text-xs font-medium text-slate-700">
          Jump to a customer
        </label>
        <p id={`${listId}-hint`} className="px-4 text-xs text-slate-600">
          Email, username, account id, API user, key prefix, teammate or subuser
        </p>
        <input
          ref={input}
          id={`${listId}-input`}
          type="text"
          role="combobox"
          aria-expanded={results.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-describedby={`${listId}-hint`}
          aria-activedescendant={results.length > 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          maxLength={254}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={onKeyDown}
          className="mx-4 my-2 rounded-md border border-slate-300 px-3 py-2 text-base"
        />
        <ul id={listId} role="listbox" aria-label="Customers found" className="max-h-80 overflow-y-auto border-t border-slate-100">
          {results.map((r, i) => (
            <li
              key={r.href}
              id={optionId(i)}
              role="option"
              aria-selected={i === active}
              onMouseEnter={() => setActive(i)}
              onClick={() => go(r)}
              className={cx("flex cursor-pointer flex-col px-4 py-2 text-sm", i === active ? "bg-blue-50" : "")}
              data-testid="palette-option"
            >
              <span className="font-medium text-slate-900">
                {r.username}
                {r.subuserOf ? <span className="font-normal text-slate-600"> · subuser of {r.subuserOf}</span> : null}
              </span>
              <span className="flex flex-wrap items-center gap-x-2 text-slate-700">
                <VerdictChip verdict={r.verdict} testId="palette-verdict" />
                <span className="min-w-0 truncate">
                  {r.email} · {r.matched}
                </span>
              </span>
            </li>
          ))}
        </ul>
        <p className="px-4 py-2 text-xs text-slate-600" role="status">
          {shown.status === "loading"
            ? "Searching…"
            : shown.status === "error"
              ? "The search failed; press Enter to open the search page."
              : shown.status === "done"
                ? results.length === 0
                  ? `Nothing matches “${shown.response.query}”.`
                  : `${results.length}${shown.response.truncated ? "+" : ""} found: ↑ ↓ to choose, Enter to open, Esc to close.`
                : "Type to search. Esc closes."}
        </p>
      </div>
    </dialog>
  );
}
