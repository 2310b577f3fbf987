import type { ReactNode } from "react";

/**
 * One workspace for a customer, account or sign-up alike (issue #20 §7): the name and,
 * under it, the first screen (verdict with its primary action, send status and Watch live,
 * the facts, the one reply); then the story (diagnosis, timeline) on the left and the
 * customer's context (actions, emails, teammates, keys, billing, ban) in a right-hand
 * column at desktop widths (issue #21 item 7). Phones get one column; `min-w-0` keeps a
 * long cell from widening the page.
 */
export function WorkspaceHeader({ title, children }: { title: ReactNode; children: ReactNode }) {
  return (
    <header className="flex flex-col gap-3" data-testid="workspace-header">
      <div className="flex flex-wrap items-center gap-3">{title}</div>
      {children}
    </header>
  );
}

export function WorkspaceColumns({ story, context }: { story: ReactNode; context: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
      <div className="flex min-w-0 flex-col gap-6 lg:col-span-2" data-testid="workspace-story">
        {story}
      </div>
      <aside className="flex min-w-0 flex-col gap-6" aria-label="Customer context" data-testid="workspace-context">
        {context}
      </aside>
    </div>
  );
}

/** The verdict row: strip (with the primary action), then the send status and Watch live. */
export function VerdictRow({ strip, status, live }: { strip: ReactNode; status: ReactNode; live: ReactNode }) {
  return (
    <div className="flex w-full flex-col gap-2" data-testid="verdict-row">
      {strip}
      {status}
      {live}
    </div>
  );
}
