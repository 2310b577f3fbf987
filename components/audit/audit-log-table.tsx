import Link from "next/link";
import { utc } from "@/components/account/format";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { AuditEntryDto } from "@/lib/data/audit/list-audit-entries";
import type { AuditOutcome } from "@/lib/generated/prisma/enums";
import { OUTCOME_LABELS } from "./audit-log-filters";

const OUTCOME_TONES: Record<AuditOutcome, BadgeTone> = { DONE: "success", REFUSED: "warning", FAILED: "danger" };

/** Rendered on the server: a read-only list needs no client-side table state. */
export function AuditLogTable({ entries }: { entries: AuditEntryDto[] }) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full border-collapse text-left text-sm" data-testid="audit-log">
        <caption className="sr-only">Audit entries, newest first</caption>
        <thead className="border-b border-slate-200 text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-2 font-medium">
              When (UTC)
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Staff user
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Action
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Outcome
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Customer
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Ticket
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Details
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              IP
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="audit-row" data-id={e.id}>
              <td className="px-2 py-2 whitespace-nowrap tabular-nums">
                <time dateTime={e.createdAt}>{utc(new Date(e.createdAt))}</time>
              </td>
              <td className="px-2 py-2 break-all">
                {e.actorName ? <span className="block text-slate-900">{e.actorName}</span> : null}
                <span className="text-slate-600">{e.actorEmail}</span>
              </td>
              <td className="px-2 py-2" data-action={e.action}>
                {e.actionLabel}
              </td>
              <td className="px-2 py-2">
                <Badge tone={OUTCOME_TONES[e.outcome]}>{OUTCOME_LABELS[e.outcome]}</Badge>
                {e.codeText && e.outcome !== "DONE" && e.codeText !== e.reasonText ? (
                  <span className="mt-1 block text-xs text-slate-600">{e.codeText}</span>
                ) : null}
              </td>
              <td className="px-2 py-2">
                {e.accountId !== null ? (
                  <Link href={`/accounts/${e.accountId}`} className="text-blue-800 underline">
                    {e.accountUsername ?? "account"} <span className="text-slate-600">#{e.accountId}</span>
                  </Link>
                ) : e.signUpId !== null ? (
                  <Link href={`/signups/${e.signUpId}`} className="text-blue-800 underline">
                    sign-up #{e.signUpId}
                  </Link>
                ) : (
                  <span className="text-slate-500">—</span>
                )}
              </td>
              <td className="px-2 py-2 break-all">{e.ticketRef ?? <span className="text-slate-500">—</span>}</td>
              <td className="max-w-xs px-2 py-2 break-words text-slate-700">
                {e.reasonText ? <span className="block">{e.reasonText}</span> : null}
                {e.detailSummary ? <span className="block text-xs text-slate-600">{e.detailSummary}</span> : null}
                {/* The raw codes, for engineers matching logs or code: folded, selectable. */}
                <details className="mt-1 text-xs text-slate-600">
                  <summary className="cursor-pointer">Codes</summary>
                  <code className="block break-all">
                    {[e.action, e.code, e.reason].filter((v) => v !== null).join(" · ")}
                    {e.detailJson ? ` · ${e.detailJson}` : ""}
                  </code>
                </details>
              </td>
              <td className="px-2 py-2 font-mono text-xs">{e.ip ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
