"use client";
// The primary action beside the verdict moves on once its send goes out: the page
// refreshes and the primary becomes "Copy reply" (issue #21 item 1). Rendered as is, that
// change unmounted the send's dialog while it was open, so the agent never read "queued"
// and focus fell to the page. While a dialog in this slot is open, the slot keeps showing
// what it showed when the dialog opened; once the dialog closes it shows the current
// primary and, if that replaced the button focus would have returned to, focuses it.
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";

type Hold = (open: boolean) => void;

const HoldContext = createContext<Hold | null>(null);

/** For a dialog inside the slot: call with true when it opens and false when it closes. */
export function useHoldPrimary(): Hold | null {
  return useContext(HoldContext);
}

export function PrimarySlot({ children }: { children: ReactNode }) {
  // What the slot showed when a dialog in it opened; null while none is open.
  const [held, setHeld] = useState<{ node: ReactNode } | null>(null);
  const wasHeld = useRef(false);
  const slot = useRef<HTMLSpanElement>(null);
  const hold = useCallback<Hold>((open) => setHeld(open ? { node: children } : null), [children]);

  useEffect(() => {
    if (held !== null) {
      wasHeld.current = true;
      return;
    }
    if (!wasHeld.current) return;
    wasHeld.current = false;
    // The dialog gave focus back to its opening button; if the primary changed, that
    // button is gone and focus is on the page's body.
    const active = document.activeElement;
    if (active === null || active === document.body || !active.isConnected) {
      slot.current?.querySelector<HTMLElement>("button:not([disabled]), a[href]")?.focus();
    }
  }, [held]);

  return (
    <HoldContext.Provider value={hold}>
      <span ref={slot} className="contents" data-testid="primary-slot" data-held={held ? "true" : undefined}>
        {held ? held.node : children}
      </span>
    </HoldContext.Provider>
  );
}
