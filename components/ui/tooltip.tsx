"use client";

import { useRef, useState, type ReactNode } from "react";

/** Space kept between a tooltip and the edge of the window. */
const EDGE = 8;

/**
 * A short explanation shown on hover and on keyboard focus, and read by screen readers
 * through aria-describedby. Shown by CSS (works before hydration), and not displayed at
 * all while hidden (an invisible box would still widen the page); when it opens, it is
 * nudged sideways to stay inside the window, whatever column or card it sits in.
 */
export function Tooltip({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  const tip = useRef<HTMLSpanElement>(null);
  const [shift, setShift] = useState(0);
  const shiftNow = useRef(0);
  const place = () => {
    const el = tip.current;
    if (!el) return;
    const rect = el.getBoundingClientRect();
    // Hover or focus displays it; if the style has not caught up yet, measure next frame.
    if (rect.width === 0) {
      requestAnimationFrame(place);
      return;
    }
    const left = rect.left - shiftNow.current;
    const right = left + rect.width;
    const viewport = document.documentElement.clientWidth;
    let dx = 0;
    if (right > viewport - EDGE) dx = viewport - EDGE - right;
    if (left + dx < EDGE) dx = EDGE - left;
    shiftNow.current = dx;
    setShift(dx);
  };
  return (
    <span className="group relative inline-flex" onPointerEnter={place} onFocus={place}>
      <span tabIndex={0} aria-describedby={id} className="rounded focus:outline-2 focus:outline-offset-2 focus:outline-blue-700">
        {children}
      </span>
      <span
        ref={tip}
        role="tooltip"
        id={id}
        style={shift ? { translate: `${shift}px 0` } : undefined}
        className="absolute top-full left-0 z-20 mt-1 hidden w-72 max-w-[calc(100vw-1rem)] rounded-md bg-slate-900 px-3 py-2 text-xs font-normal text-white shadow-lg group-focus-within:block group-hover:block"
      >
        {label}
      </span>
    </span>
  );
}
