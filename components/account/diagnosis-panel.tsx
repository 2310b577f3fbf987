import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { replyFor, type SentEmail } from "@/lib/diagnosis/replies";
import type { TimeFormat } from "@/lib/time/zone-time";
import { formatUtc } from "@/lib/diagnosis/time";
import type { Diagnosis, Finding, Severity } from "@/lib/diagnosis/types";

const SEVERITY: Record<Severity, { label: string; tone: BadgeTone }> = {
  blocking: { label: "Blocking", tone: "danger" },
  likely: { label: "Likely cause", tone: "warning" },
  informational: { label: "Information", tone: "info" },
};

// Evidence that is also a timeline entry links to it (same anchor ids).
const TIMELINE_REFS = new Set(["login_attempt", "credential_change", "billing_warning", "invoice", "ban"]);

function Reply({ finding, sent, times }: { finding: Finding; sent: readonly SentEmail[]; times: TimeFormat }) {
  const reply = replyFor(finding, sent, times);
  const headingId = `reply-${finding.code}`;
  return (
    <section className="mt-3 text-sm" aria-labelledby={headingId} data-testid="reply" data-sent={reply.sentAt ? "true" : "false"}>
      <div className="flex flex-wrap items-center gap-2">
        <h4 id={headingId} className="text-xs font-semibold tracking-wide text-slate-600 uppercase">
          Reply for the ticket
        </h4>
        <span className="text-xs text-slate-600">
          {reply.sentAt ? `confirms the email sent ${formatUtc(reply.sentAt)}` : finding.sentReply ? "offers the email: nothing is sent yet" : null}
        </span>
        <CopyButton text={reply.text} label="Copy reply" className="ml-auto" testId={`copy-reply-${finding.code}`} />
      </div>
      <p className="mt-1 rounded bg-slate-50 p-3 whitespace-pre-line text-slate-800">{reply.text}</p>
    </section>
  );
}

function FindingCard({ finding, rank, sent, times }: { finding: Finding; rank: number; sent: readonly SentEmail[]; times: TimeFormat }) {
  const severity = SEVERITY[finding.severity];
  return (
    <article className="rounded-md border border-slate-200 p-4" aria-labelledby={`finding-${finding.code}`} data-testid="finding" data-code={finding.code}>
      <header className="flex flex-wrap items-center gap-2">
        <Badge tone={severity.tone}>{severity.label}</Badge>
        <h3 id={`finding-${finding.code}`} className="text-base font-semibold" tabIndex={-1}>
          {rank === 0 ? <span className="sr-only">Top finding: </span> : null}
          {finding.title}
        </h3>
      </header>
      <p className="mt-2 text-sm text-slate-800">{finding.explanation}</p>
      {finding.evidence.length || finding.sharedEvidence.length ? (
        <div className="mt-3">
          <h4 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Evidence</h4>
          {/* One link per line: py-0.5 keeps each 24 px from the next (WCAG 2.5.8 target size). */}
          <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
            {finding.evidence.map((e, i) => (
              <li key={`${e.ref.kind}-${e.ref.id}-${i}`} data-evidence={`${e.ref.kind}:${e.ref.id}`} className="py-0.5">
                {TIMELINE_REFS.has(e.ref.kind) ? (
                  <a href={`#${e.ref.kind}-${e.ref.id}`} className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-600">
                    {e.label}
                  </a>
                ) : (
                  e.label
                )}
              </li>
            ))}
            {finding.sharedEvidence.map((s) => (
              <li key={`shared-${s.code}`} data-testid="shared-evidence" data-shared-with={s.code} className="py-0.5">
                {s.count === 1 ? "1 more item" : `${s.count} more items`}, listed under{" "}
                <a href={`#finding-${s.code}`} className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-600">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {finding.nextSteps.length ? (
        <div className="mt-3">
          <h4 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Next steps</h4>
          <ol className="mt-1 list-decimal pl-5 text-sm text-slate-800">
            {finding.nextSteps.map((step) => (
              <li key={step}>{step}</li>
            ))}
          </ol>
        </div>
      ) : null}
      {/* An overruled finding's reply does not apply (its advice is refused); the reply of
          the finding that overrules it is the one to send. */}
      {finding.overruledBy === null ? <Reply finding={finding} sent={sent} times={times} /> : null}
      <details className="mt-3 text-xs text-slate-600">
        <summary className="cursor-pointer">Details for engineers</summary>
        <p className="mt-1 flex items-center gap-2">
          Finding code <code className="text-slate-800">{finding.code}</code>
          <CopyButton text={finding.code} label="Copy code" />
        </p>
      </details>
    </article>
  );
}

/** `sent`: the emails support sent this customer, so each reply says what has happened. */
/** `times`: the staff member's zone, for the time a sent email is quoted at in the reply. */
export function DiagnosisPanel({ diagnosis, sent = [], times }: { diagnosis: Diagnosis; sent?: readonly SentEmail[]; times: TimeFormat }) {
  return (
    // A customer who can sign in (at risk, or nothing found) is not told they cannot.
    <Card title={diagnosis.findings.some((f) => f.severity !== "informational") ? "Why this customer cannot log in" : "What the diagnosis found"}>
      <div className="flex flex-col gap-3">
        {diagnosis.findings.map((finding, i) => (
          <FindingCard key={finding.code} finding={finding} rank={i} sent={sent} times={times} />
        ))}
      </div>
    </Card>
  );
}
