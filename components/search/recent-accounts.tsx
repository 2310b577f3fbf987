import { Link } from "@/components/ui/link";
import { VerdictChip } from "@/components/account/verdict-chip";
import { Card } from "@/components/ui/card";
import type { RecentAccount } from "@/lib/model/recent-accounts";
import { exactTime, relativeTime } from "@/lib/timeline/story";
import type { TimeFormat } from "@/lib/time/zone-time";

/** The last accounts this agent opened (from their own audit trail), newest first. */
export function RecentAccounts({ accounts, now, times }: { accounts: RecentAccount[]; now: Date; times: TimeFormat }) {
  return (
    <Card title="Recently opened">
      {accounts.length === 0 ? (
        <p className="text-sm text-slate-600">Accounts you open appear here.</p>
      ) : (
        <ol className="flex flex-col" data-testid="recent-accounts">
          {accounts.map((a) => (
            <li key={a.id} className="flex flex-wrap items-baseline justify-between gap-x-4 border-b border-slate-100 py-1.5 text-sm last:border-0">
              <span>
                <Link href={`/accounts/${a.id}`} className="font-medium text-blue-800 underline-offset-2 hover:underline">
                  {a.username}
                </Link>
                <span className="text-slate-600"> · {a.email} </span>
                <VerdictChip verdict={a.verdict} testId="recent-verdict" />
              </span>
              <time dateTime={a.openedAt.toISOString()} title={exactTime(a.openedAt, times)} className="text-xs text-slate-600 tabular-nums">
                opened {relativeTime(a.openedAt, now)}
              </time>
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
