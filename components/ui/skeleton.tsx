// Grey placeholders in the shape of what is loading, so the page does not jump when the
// rows arrive. Announced once as a status for screen readers; the bars are decoration.

export function TableSkeleton({ label, rows = 8, columns = 5 }: { label: string; rows?: number; columns?: number }) {
  return (
    <div role="status" aria-live="polite" data-testid="table-skeleton">
      <span className="sr-only">{label}</span>
      <div className="flex animate-pulse flex-col gap-3 motion-reduce:animate-none" aria-hidden>
        <div className="flex gap-4 border-b border-slate-200 pb-2">
          {Array.from({ length: columns }, (_, c) => (
            <div key={c} className="h-3 flex-1 rounded bg-slate-300" />
          ))}
        </div>
        {Array.from({ length: rows }, (_, r) => (
          <div key={r} className="flex gap-4">
            {Array.from({ length: columns }, (_, c) => (
              <div key={c} className={`h-3 flex-1 rounded bg-slate-200 ${(r + c) % 3 === 0 ? "max-w-24" : ""}`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
