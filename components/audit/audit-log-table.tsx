import { Link } from "@/components/ui/link";
import type { TimeFormat } from "@/components/account/format";
import { auditDetailText } from "@/lib/audit/describe";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Cell, Table, type Column } from "@/components/ui/table";
import { Truncated } from "@/components/ui/truncated";
import type { AuditEntryDto } from "@/lib/model/audit";
import type { AuditOutcome } from "@/lib/generated/prisma/enums";
import type { AuditOrder } from "@/lib/validation/audit-log";
import { OUTCOME_LABELS } from "./audit-log-filters";

const OUTCOME_TONES: Record<AuditOutcome, BadgeTone> = { DONE: "success", REFUSED: "warning", FAILED: "danger" };

const none = <span className="text-slate-500">—</span>;

const COLUMNS = {
  when: { label: "When" },
  staff: { label: "Staff user" },
  action: { label: "Action" },
  outcome: { label: "Outcome" },
  customer: { label: "Customer" },
  ticket: { label: "Ticket" },
  details: { label: "Details" },
  ip: { label: "IP" },
} satisfies Record<string, Column>;

/**
 * Rendered on the server: a read-only list needs no client-side table state. The time
 * header is a link to the other order (the order lives in the URL). No overflow box: the
 * table fits (one card per entry when narrow), so its header sticks to the window top.
 */
export function AuditLogTable({ entries, dir, times, reverseHref }: { entries: AuditEntryDto[]; dir: AuditOrder; times: TimeFormat; reverseHref: string }) {
  const when: Column = {
    ...COLUMNS.when,
    sort: dir === "desc" ? "descending" : "ascending",
    headClassName: "whitespace-nowrap",
    header: (
      <Link href={reverseHref} className="inline-flex items-center gap-1 underline-offset-2 hover:underline" data-testid="sort-time">
        When
        <span aria-hidden="true">{dir === "desc" ? "▼" : "▲"}</span>
        <span className="sr-only">, {dir === "desc" ? "newest first; show oldest first" : "oldest first; show newest first"}</span>
      </Link>
    ),
  };
  return (
    <Table
      caption={`Audit entries, ${dir === "desc" ? "newest" : "oldest"} first`}
      // The same columns, in the same order, the time's header a sort link.
      columns={Object.values({ ...COLUMNS, when })}
      rows={entries}
      stack="wide"
      sticky
      testId="audit-log"
    >
      {(e) => (
        <tr key={e.id} className="border-b border-slate-100 align-top" data-testid="audit-row" data-id={e.id}>
          <Cell column={COLUMNS.when} className="px-2 py-2 whitespace-nowrap tabular-nums">
            <time dateTime={e.createdAt}>{times.at(new Date(e.createdAt))}</time>
          </Cell>
          <Cell column={COLUMNS.staff} className="px-2 py-2">
            {e.actorName ? <span className="block whitespace-nowrap text-slate-900">{e.actorName}</span> : null}
            <Truncated value={e.actorEmail} copy="email" className="text-slate-600 @min-[64rem]:max-w-44" />
          </Cell>
          <Cell column={COLUMNS.action} className="px-2 py-2" data-action={e.action}>
            {e.actionLabel}
          </Cell>
          <Cell column={COLUMNS.outcome} className="px-2 py-2">
            <Badge tone={OUTCOME_TONES[e.outcome]}>{OUTCOME_LABELS[e.outcome]}</Badge>
            {e.codeText && e.outcome !== "DONE" && e.codeText !== e.reasonText ? <span className="mt-1 block text-xs text-slate-600">{e.codeText}</span> : null}
          </Cell>
          <Cell column={COLUMNS.customer} className="px-2 py-2">
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
          </Cell>
          <Cell column={COLUMNS.ticket} className="px-2 py-2">
            {e.ticketRef ? <Truncated value={e.ticketRef} copy="ticket" className="@min-[64rem]:max-w-28" /> : none}
          </Cell>
          <Cell column={COLUMNS.details} className="px-2 py-2 text-slate-700 @min-[64rem]:max-w-xs" wide>
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
          </Cell>
          <Cell column={COLUMNS.ip} className="px-2 py-2">
            {e.ip ? <Truncated value={e.ip} copy="IP" mono className="@min-[64rem]:max-w-32" /> : none}
          </Cell>
        </tr>
      )}
    </Table>
  );
}
