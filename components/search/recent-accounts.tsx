import { Link } from "@/components/ui/link";
import { VERDICT_TONES } from "@/components/account/verdict-tones";
import { Card } from "@/components/ui/card";
import { cx } from "@/lib/cx";
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
                <span
                  className={cx("inline-flex rounded border px-1.5 text-xs font-semibold", VERDICT_TONES[a.verdict.tone])}
                  data-testid="recent-verdict"
                  data-tone={a.verdict.tone}
                >
                  {a.verdict.text}
                </span>
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
