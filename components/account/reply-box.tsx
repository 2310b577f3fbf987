import { CopyButton } from "@/components/ui/copy-button";
import type { ComposedReply } from "@/lib/diagnosis/compose-reply";
import type { TimeFormat } from "@/lib/time/zone-time";

/**
 * The one reply for the ticket, under the verdict (issue #21 item 2): composed by
 * lib/diagnosis/compose-reply.ts with UTC times (the customer's text never carries the
 * agent's offset); the label beside it is the agent's, in the agent's zone. The other
 * findings' own wording folds under "Other wording".
 */
export function ReplyBox({ reply, times }: { reply: ComposedReply; times: TimeFormat }) {
  return (
    <section className="w-full text-sm" aria-labelledby="reply-heading" data-testid="reply" data-sent={reply.sentAt ? "true" : "false"} data-from={reply.from}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="reply-heading" className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Reply for the ticket
        </h2>
        <span className="text-xs text-slate-600" data-testid="reply-label">
          {reply.sentAt ? `confirms the email sent ${times.at(reply.sentAt)}` : "says only what is true now: nothing sent yet"}
        </span>
        <CopyButton text={reply.text} label="Copy reply" className="ml-auto" testId="copy-reply" />
      </div>
      <p className="mt-1 rounded bg-slate-50 p-3 whitespace-pre-line text-slate-800" data-testid="reply-text">
        {reply.text}
      </p>
      {reply.other.length ? (
        <details className="mt-1" data-testid="other-wording">
          <summary className="cursor-pointer py-0.5 text-blue-800">Other wording ({reply.other.length})</summary>
          <ul className="mt-1 flex flex-col gap-2">
            {reply.other.map((o) => (
              <li key={o.code} className="rounded border border-slate-200 p-2" data-code={o.code}>
                <p className="font-medium text-slate-900">{o.title}</p>
                <p className="mt-1 text-slate-800">{o.text}</p>
                <CopyButton text={o.text} label="Copy this wording" className="mt-1" />
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </section>
  );
}
