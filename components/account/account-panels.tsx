import { Link } from "@/components/ui/link";
import type { ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Cell, Table } from "@/components/ui/table";
import { Truncated } from "@/components/ui/truncated";
import { formatUtcDate, startOfUtcMonth, terminationWindow, utcDaysPhrase } from "@/lib/diagnosis/time";
import type { AccountSubject } from "@/lib/diagnosis/types";
import { money, type TimeFormat } from "./format";
import { StatusBadge } from "./status-badge";

const LEVELS: Record<string, string> = { OWNER: "Owner", ADMIN: "Admin", RESTRICTED: "Restricted", READ_ONLY: "Read-only", BILLING: "Billing" };

/** A panel's small table: its head's names, and each row as one value per column. */
function PanelTable({ caption, head, rows, empty }: { caption: string; head: string[]; rows: ReactNode[][]; empty: string }) {
  const columns = head.map((label) => ({ label }));
  return (
    <Table caption={caption} columns={columns} rows={rows} empty={{ title: empty, compact: true }} stack="narrow" head="caps" pad="py-2 pr-4">
      {(cells, i) => (
        <tr key={i} className="border-b border-slate-100 last:border-0">
          {columns.map((column, j) => (
            <Cell key={column.label} column={column} className="py-2 pr-4 align-top">
              {cells[j]}
            </Cell>
          ))}
        </tr>
      )}
    </Table>
  );
}

/** `teammatesAuditHref`: the per-account permissions audit, for roles that may read it. */
/**
 * `times` writes moments in the staff member's zone. Invoice months and due dates are the
 * platform's UTC billing calendar and stay UTC dates, as the diagnosis writes them.
 */
export function AccountPanels({
  subject,
  now,
  times,
  teammatesAuditHref,
  sharedLogin = false,
}: {
  subject: AccountSubject;
  now: Date;
  times: TimeFormat;
  teammatesAuditHref?: string | null;
  /** The diagnosis found the whole team on one login with integrations on its password (SHARED_LOGIN). */
  sharedLogin?: boolean;
}) {
  const teammateName = (id: number | null) => subject.teammates.find((t) => t.id === id)?.username ?? "—";
  const unpaid = subject.invoices.filter((i) => !i.paidAt);
  const balance = unpaid.reduce((sum, i) => sum + i.amountCents, 0);
  const currency = unpaid[0]?.currency ?? "USD";
  // The platform terminates, in the last week of a month, accounts still owing for a
  // previous month's bill run.
  const owesPreviousMonth = unpaid.some((i) => i.period < startOfUtcMonth(now));
  const atRisk = owesPreviousMonth && subject.account.status === "ACTIVE";
  return (
    <div className="flex flex-col gap-4">
      <Card
        title="Teammates"
        actions={
          teammatesAuditHref ? (
            <Link href={teammatesAuditHref} className="text-sm font-medium text-blue-800 underline-offset-2 hover:underline">
              Permissions audit
            </Link>
          ) : null
        }
      >
        {sharedLogin ? (
          <p className="mb-2 text-sm text-amber-900" data-testid="shared-login-note">
            <Badge tone="warning">Shared login</Badge> Everyone signs in with the account&apos;s one login, and the integrations below use its password: a
            password change by anyone breaks them for the rest.
          </p>
        ) : null}
        <PanelTable
          caption="Teammates and their permission levels"
          head={["Username", "Email", "Level", "Last login"]}
          empty="No teammates: everyone shares the account login."
          rows={subject.teammates.map((t) => [
            <span key="u">
              {t.username}
              {t.deletedAt ? <span className="text-slate-500"> (deleted)</span> : null}
            </span>,
            <Truncated key="e" value={t.email} copy="email" className="max-w-56" />,
            <span key="l">
              {LEVELS[t.level] ?? t.level}
              {t.scopes.length ? <span className="block text-xs text-slate-500">{t.scopes.join(", ")}</span> : null}
            </span>,
            <span key="t" className="whitespace-nowrap">
              {times.at(t.lastLoginAt)}
            </span>,
          ])}
        />
      </Card>
      <Card title="API keys and password integrations">
        <PanelTable
          caption="API keys"
          head={["Key", "Prefix", "Created by", "Status"]}
          empty="No API keys."
          rows={subject.apiKeys.map((k) => [
            k.name,
            <Truncated key="p" value={k.prefix} copy="key prefix" mono />,
            teammateName(k.createdById),
            k.revokedAt ? `Revoked ${times.at(k.revokedAt)} by ${teammateName(k.revokedById)}` : `Active, last used ${times.at(k.lastUsedAt)}`,
          ])}
        />
        <h3 className="mt-4 text-xs font-semibold tracking-wide text-slate-600 uppercase">Using the account password</h3>
        <PanelTable
          caption="Integrations that authenticate with the account password"
          head={["Integration", "Kind", "User", "Last used"]}
          empty="None: a new password breaks no integration."
          rows={subject.integrations.map((i) => [
            i.name,
            i.kind === "SMTP_RELAY" ? "SMTP relay" : "Legacy API",
            <Truncated key="u" value={i.apiUser} copy="API user" mono className="max-w-48" />,
            <span key="t" className="whitespace-nowrap">
              {times.at(i.lastUsedAt)}
            </span>,
          ])}
        />
      </Card>
      <Card title="Billing">
        <p className="mb-2 text-sm text-slate-700" data-testid="billing-summary">
          {unpaid.length ? (
            <Badge tone="warning">{`${unpaid.length} unpaid invoice${unpaid.length > 1 ? "s" : ""}: ${money(balance, currency)} due`}</Badge>
          ) : (
            <Badge tone="success">All invoices paid</Badge>
          )}
          {subject.account.terminatedAt ? <span className="ml-2">Terminated {times.at(subject.account.terminatedAt)}</span> : null}
          {atRisk ? (
            <span className="mt-1 block text-amber-900">Will be terminated {utcDaysPhrase(terminationWindow(now))} (UTC) unless the balance is paid.</span>
          ) : null}
        </p>
        <PanelTable
          caption="Invoices"
          head={["Month", "Amount", "Due", "Paid"]}
          // Only a free plan explains the absence; on a paid plan it is just what is on record.
          empty={subject.account.plan === "free" ? "No invoices (free plan)." : `No invoices on record for this ${subject.account.plan} plan account.`}
          rows={subject.invoices
            .slice(0, 6)
            .map((i) => [
              i.period.toISOString().slice(0, 7),
              money(i.amountCents, i.currency),
              formatUtcDate(i.dueAt),
              i.paidAt ? times.date(i.paidAt) : "Unpaid",
            ])}
        />
        {subject.billingWarnings.length ? (
          <>
            <h3 className="mt-4 text-xs font-semibold tracking-wide text-slate-600 uppercase">Warning emails sent</h3>
            <ul className="mt-1 text-sm">
              {subject.billingWarnings.map((w) => (
                <li key={w.id}>
                  {w.kind.replace(/_/g, " ").toLowerCase()} to {w.sentTo} · {times.at(w.sentAt)}
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Card>
      <Card title="Ban, subusers and dedicated IPs">
        {subject.ban ? (
          <p className="text-sm">
            Banned {times.at(subject.ban.bannedAt)}: {subject.ban.reason}
            {subject.ban.banEmailRef ? ` (ban email ${subject.ban.banEmailRef})` : ""}
          </p>
        ) : (
          <p className="text-sm text-slate-600">Not banned.</p>
        )}
        {subject.parent ? (
          <p className="mt-2 text-sm">
            Subuser of{" "}
            <a href={`/accounts/${subject.parent.id}`} className="text-blue-800 underline">
              {subject.parent.username}
            </a>{" "}
            <StatusBadge status={subject.parent.status} />
          </p>
        ) : null}
        <h3 className="mt-4 text-xs font-semibold tracking-wide text-slate-600 uppercase">Subusers</h3>
        <PanelTable
          caption="Subusers"
          head={["Username", "Status"]}
          empty="No subusers."
          rows={subject.subusers.map((s) => [
            <a key="a" href={`/accounts/${s.id}`} className="text-blue-800 underline">
              {s.username}
            </a>,
            <StatusBadge key="s" status={s.status} />,
          ])}
        />
        <h3 className="mt-4 text-xs font-semibold tracking-wide text-slate-600 uppercase">Dedicated IPs</h3>
        <PanelTable
          caption="Dedicated IPs"
          head={["Address", "Assigned", "Removed"]}
          empty="No dedicated IPs."
          rows={subject.dedicatedIps.map((ip) => [
            <Truncated key="a" value={ip.address} copy="IP" mono />,
            times.date(ip.assignedAt),
            ip.removedAt ? `${times.date(ip.removedAt)} (${ip.removedReason ?? "removed"})` : "—",
          ])}
        />
      </Card>
    </div>
  );
}
