import { Link } from "@/components/ui/link";
import type { TimeFormat } from "@/components/account/format";
import { auditDetailText } from "@/lib/audit/describe";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Truncated } from "@/components/ui/truncated";
import type { AuditEntryDto } from "@/lib/model/audit";
import type { AuditOutcome } from "@/lib/generated/prisma/enums";
import type { AuditOrder } from "@/lib/validation/audit-log";
import { OUTCOME_LABELS } from "./audit-log-filters";

const OUTCOME_TONES: Record<AuditOutcome, BadgeTone> = { DONE: "success", REFUSED: "warning", FAILED: "danger" };

const th = "px-2 py-2 font-medium";
const none = <span className="text-slate-500">—</span>;

/**
 * Rendered on the server: a read-only list needs no client-side table state. The time
 * header is a link to the other order (the order lives in the URL). No overflow box: the
 * table fits (one card per entry when narrow), so its header sticks to the window top.
 */
export function AuditLogTable({ entries, dir, times, reverseHref }: { entries: AuditEntryDto[]; dir: AuditOrder; times: TimeFormat; reverseHref: string }) {
  return (
    <div className="@container">
      <table className="stacked-table-wide w-full border-collapse text-left text-sm" data-testid="audit-log">
        <caption className="sr-only">Audit entries, {dir === "desc" ? "newest" : "oldest"} first</caption>
        <thead className="sticky top-0 z-10 border-b border-slate-200 bg-white text-slate-600">
          <tr>
            <th scope="col" className={`${th} whitespace-nowrap`} aria-sort={dir === "desc" ? "descending" : "ascending"}>
              <Link href={reverseHref} className="inline-flex items-center gap-1 underline-offset-2 hover:underline" data-testid="sort-time">
                When
                <span aria-hidden="true">{dir === "desc" ? "▼" : "▲"}</span>
                <span className="sr-only">, {dir === "desc" ? "newest first; show oldest first" : "oldest first; show newest first"}</span>
              </Link>
            </th>
            <th scope="col" className={th}>
              Staff user
            </th>
            <th scope="col" className={th}>
              Action
            </th>
            <th scope="col" className={th}>
              Outcome
            </th>
            <th scope="col" className={th}>
              Customer
            </th>
            <th scope="col" className={th}>
              Ticket
            </th>
            <th scope="col" className={th}>
              Details
            </th>
            <th scope="col" className={th}>
              IP
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="audit-row" data-id={e.id}>
              <td className="px-2 py-2 whitespace-nowrap tabular-nums" data-label="When">
                <time dateTime={e.createdAt}>{times.at(new Date(e.createdAt))}</time>
              </td>
              <td className="px-2 py-2" data-label="Staff user">
                {e.actorName ? <span className="block whitespace-nowrap text-slate-900">{e.actorName}</span> : null}
                <Truncated value={e.actorEmail} copy="email" className="text-slate-600 @min-[64rem]:max-w-44" />
              </td>
              <td className="px-2 py-2" data-action={e.action} data-label="Action">
                {e.actionLabel}
              </td>
              <td className="px-2 py-2" data-label="Outcome">
                <Badge tone={OUTCOME_TONES[e.outcome]}>{OUTCOME_LABELS[e.outcome]}</Badge>
                {e.codeText && e.outcome !== "DONE" && e.codeText !== e.reasonText ? (
                  <span className="mt-1 block text-xs text-slate-600">{e.codeText}</span>
                ) : null}
              </td>
              <td className="px-2 py-2" data-label="Customer">
                {e.accountId !== null ? (
                  <Link href={`/accounts/${e.accountId}`} className="text-blue-800 underline">
                    {e.accountUsername ?? "account"} <span className="whitespace-nowrap text-slate-600">#{e.accountId}</span>
                  </Link>
                ) : e.signUpId !== null ? (
                  <Link href={`/signups/${e.signUpId}`} className="whitespace-nowrap text-blue-800 underline">
                    sign-up #{e.signUpId}
                  </Link>
                ) : (
                  none
                )}
              </td>
              <td className="px-2 py-2" data-label="Ticket">
                {e.ticketRef ? <Truncated value={e.ticketRef} copy="ticket" className="@min-[64rem]:max-w-28" /> : none}
              </td>
              <td className="px-2 py-2 text-slate-700 @min-[64rem]:max-w-xs" data-label="Details" data-wide>
                {e.reasonText ? <span className="block">{e.reasonText}</span> : null}
                {e.detailJson !== null && times.zone !== "UTC" ? (
                  // Rewritten in the lead's zone; the DTO's summary is UTC, as in the CSV.
                  <span className="block text-xs text-slate-600">{auditDetailText(JSON.parse(e.detailJson) as unknown, times)}</span>
                ) : e.detailSummary ? (
                  <span className="block text-xs text-slate-600">{e.detailSummary}</span>
                ) : null}
                {/* The raw codes, for engineers matching logs or code: folded, selectable. */}
                <details className="mt-1 text-xs text-slate-600">
                  <summary className="cursor-pointer">Codes</summary>
                  <code className="block [overflow-wrap:anywhere]">
                    {[e.action, e.code, e.reason].filter((v) => v !== null).join(" · ")}
                    {e.detailJson ? ` · ${e.detailJson}` : ""}
                  </code>
                </details>
              </td>
              <td className="px-2 py-2" data-label="IP">
                {e.ip ? <Truncated value={e.ip} copy="IP" mono className="@min-[64rem]:max-w-32" /> : none}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
