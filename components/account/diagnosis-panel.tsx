import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import type { ActionName, Diagnosis, Finding, Severity } from "@/lib/diagnosis/types";
import { ReactivateControl } from "./reactivate-control";

const SEVERITY: Record<Severity, { label: string; tone: BadgeTone }> = {
  blocking: { label: "Blocking", tone: "danger" },
  likely: { label: "Likely cause", tone: "warning" },
  informational: { label: "Information", tone: "info" },
};

// Evidence that is also a timeline entry links to it (same anchor ids).
const TIMELINE_REFS = new Set(["login_attempt", "credential_change", "billing_warning", "invoice", "ban"]);

export const ACTION_LABELS: Record<ActionName, string> = {
  send_password_reset: "Send password reset",
  send_username_recovery: "Send username reminder",
  resend_confirmation: "Resend confirmation email",
  reactivate_account: "Reactivate account",
};

function FindingCard({ finding, rank }: { finding: Finding; rank: number }) {
  const severity = SEVERITY[finding.severity];
  return (
    <article className="rounded-md border border-slate-200 p-4" aria-labelledby={`finding-${finding.code}`} data-testid="finding" data-code={finding.code}>
      <header className="flex flex-wrap items-center gap-2">
        <Badge tone={severity.tone}>{severity.label}</Badge>
        <h3 id={`finding-${finding.code}`} className="text-base font-semibold">
          {rank === 0 ? <span className="sr-only">Top finding: </span> : null}
          {finding.title}
        </h3>
        <code className="ml-auto text-xs text-slate-500">{finding.code}</code>
      </header>
      <p className="mt-2 text-sm text-slate-800">{finding.explanation}</p>
      {finding.evidence.length ? (
        <div className="mt-3">
          <h4 className="text-xs font-semibold tracking-wide text-slate-600 uppercase">Evidence</h4>
          <ul className="mt-1 list-disc pl-5 text-sm text-slate-800">
            {finding.evidence.map((e, i) => (
              <li key={`${e.ref.kind}-${e.ref.id}-${i}`} data-evidence={`${e.ref.kind}:${e.ref.id}`}>
                {TIMELINE_REFS.has(e.ref.kind) ? (
                  <a href={`#${e.ref.kind}-${e.ref.id}`} className="underline decoration-slate-300 underline-offset-2 hover:decoration-slate-600">
                    {e.label}
                  </a>
                ) : (
                  e.label
                )}
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
      <details className="mt-3 text-sm">
        <summary className="cursor-pointer text-blue-800">Reply for the ticket</summary>
        <p className="mt-2 rounded bg-slate-50 p-3 whitespace-pre-line text-slate-800">{finding.customerReply}</p>
      </details>
    </article>
  );
}

export function DiagnosisPanel({ diagnosis }: { diagnosis: Diagnosis }) {
  return (
    <Card title="Why this customer cannot log in">
      <div className="flex flex-col gap-3">
        {diagnosis.findings.map((finding, i) => (
          <FindingCard key={finding.code} finding={finding} rank={i} />
        ))}
      </div>
    </Card>
  );
}

export function ActionsPanel({ diagnosis, accountId }: { diagnosis: Diagnosis; accountId: number | null }) {
  const names = (Object.keys(ACTION_LABELS) as ActionName[]).filter((n) => n !== "reactivate_account");
  const reactivation = diagnosis.actions.reactivate_account;
  return (
    <Card title="What support may do">
      <dl className="flex flex-col gap-3 text-sm">
        {names.map((name) => {
          const verdict = diagnosis.actions[name];
          return (
            <div key={name} data-testid={`verdict-${name}`}>
              <dt className="flex items-center gap-2 font-medium text-slate-900">
                {ACTION_LABELS[name]}
                {verdict.allowed ? <Badge tone="success">Allowed</Badge> : <Badge tone="neutral">Refused</Badge>}
              </dt>
              <dd className="mt-1 text-slate-700">
                {verdict.reason}
                {verdict.allowed && verdict.warning ? <span className="mt-1 block text-amber-900">{verdict.warning.message}</span> : null}
              </dd>
            </div>
          );
        })}
      </dl>
      <div className="mt-4 border-t border-slate-200 pt-4">
        {/* Deliberately never enabled: the server refuses reactivation for every role. */}
        {accountId !== null ? (
          <ReactivateControl accountId={accountId} reason={reactivation.allowed ? "" : reactivation.reason} />
        ) : (
          <p className="text-sm text-slate-700">{reactivation.allowed ? "" : reactivation.reason}</p>
        )}
      </div>
    </Card>
  );
}
