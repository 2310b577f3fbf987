import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { summariseEvidence } from "@/lib/diagnosis/evidence-summary";
import type { TimeFormat } from "@/lib/time/zone-time";
import type { Diagnosis, EvidenceItem, Finding, Severity } from "@/lib/diagnosis/types";

const SEVERITY: Record<Severity, { label: string; tone: BadgeTone }> = {
  blocking: { label: "Blocking", tone: "danger" },
  likely: { label: "Likely cause", tone: "warning" },
  informational: { label: "Information", tone: "info" },
};

// Evidence that is also a timeline entry links to it (same anchor ids).
const TIMELINE_REFS = new Set(["login_attempt", "credential_change", "billing_warning", "invoice", "ban"]);

const linkClass = "underline decoration-slate-300 underline-offset-2 hover:decoration-slate-600";

/** One evidence line; one link per line, py-0.5 keeps each 24 px from the next (WCAG 2.5.8 target size). */
function EvidenceEntry({ e }: { e: EvidenceItem }) {
  return (
    <li data-evidence={`${e.ref.kind}:${e.ref.id}`} className="py-0.5">
      {TIMELINE_REFS.has(e.ref.kind) ? (
        <a href={`#${e.ref.kind}-${e.ref.id}`} className={linkClass}>
          {e.label}
        </a>
      ) : (
        e.label
      )}
    </li>
  );
}

function FindingCard({ finding, rank, times }: { finding: Finding; rank: number; times: TimeFormat }) {
  const severity = SEVERITY[finding.severity];
  // At most three lines, repeats summarised, so the next steps stay in sight (issue #21 item 5).
  const summary = summariseEvidence(finding.evidence, times);
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
          <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
            {summary.lines.map((line, i) =>
              line.kind === "item" ? (
                <EvidenceEntry key={`${line.item.ref.kind}-${line.item.ref.id}-${i}`} e={line.item} />
              ) : (
                <li key={`summary-${line.refKind}-${i}`} className="py-0.5" data-testid="evidence-summary">
                  {line.refKind === "login_attempt" ? (
                    <a href="#timeline" className={linkClass}>
                      {line.text}
                    </a>
                  ) : (
                    line.text
                  )}
                </li>
              ),
            )}
            {finding.sharedEvidence.map((s) => (
              <li key={`shared-${s.code}`} data-testid="shared-evidence" data-shared-with={s.code} className="py-0.5">
                {s.count === 1 ? "1 more item" : `${s.count} more items`}, listed under{" "}
                <a href={`#finding-${s.code}`} className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-600">
                  {s.title}
                </a>
              </li>
            ))}
          </ul>
          {summary.folded ? (
            <details className="mt-1 text-sm" data-testid="evidence-all">
              <summary className="cursor-pointer py-0.5 text-blue-800">Show all {finding.evidence.length} evidence lines</summary>
              <ul className="mt-1 list-disc pl-5 text-slate-800">
                {finding.evidence.map((e, i) => (
                  <EvidenceEntry key={`${e.ref.kind}-${e.ref.id}-${i}`} e={e} />
                ))}
              </ul>
            </details>
          ) : null}
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

/**
 * The findings, ranked. The reply is composed once, under the verdict (components/account/
 * reply-box.tsx); each finding's own wording is there under "Other wording".
 * `times`: the staff member's zone, for the evidence summaries.
 */
export function DiagnosisPanel({ diagnosis, times }: { diagnosis: Diagnosis; times: TimeFormat }) {
  return (
    // A customer who can sign in (at risk, or nothing found) is not told they cannot.
    <Card title={diagnosis.findings.some((f) => f.severity !== "informational") ? "Why this customer cannot log in" : "What the diagnosis found"}>
      <div className="flex flex-col gap-3">
        {diagnosis.findings.map((finding, i) => (
          <FindingCard key={finding.code} finding={finding} rank={i} times={times} />
        ))}
      </div>
    </Card>
  );
}
