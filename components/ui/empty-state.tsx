import type { ReactNode } from "react";

export type EmptyStateProps = {
  title: string;
  children?: ReactNode;
  /** One line of muted text, for a small list inside a card (an account's API keys). */
  compact?: boolean;
};

export function EmptyState({ title, children, compact = false }: EmptyStateProps) {
  if (compact) return <p className="text-sm text-slate-600">{title}</p>;
  return (
    <div className="rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center">
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      {children ? <div className="mt-2 text-sm text-slate-600">{children}</div> : null}
    </div>
  );
}
