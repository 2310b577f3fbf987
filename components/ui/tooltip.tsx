import type { ReactNode } from "react";

/**
 * A short explanation shown on hover and on keyboard focus, and read by screen readers
 * through aria-describedby. CSS only: it works in server-rendered tables with no script.
 */
export function Tooltip({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <span className="group relative inline-flex">
      <span tabIndex={0} aria-describedby={id} className="rounded focus:outline-2 focus:outline-offset-2 focus:outline-blue-700">
        {children}
      </span>
      <span
        role="tooltip"
        id={id}
        className="invisible absolute top-full left-0 z-20 mt-1 w-72 rounded-md bg-slate-900 px-3 py-2 text-xs font-normal text-white shadow-lg group-focus-within:visible group-hover:visible"
      >
        {label}
      </span>
    </span>
  );
}
