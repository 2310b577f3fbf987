import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { requireStaff } from "@/lib/auth/current-staff";
import { getOverview } from "@/lib/data/overview/get-overview";

export default async function OverviewPage() {
  await requireStaff("account.view", "page:/");
  const overview = await getOverview();
  const figures = [
    { label: "Customer accounts", value: overview.accounts },
    { label: "Sign-ups awaiting confirmation", value: overview.pendingSignUps },
    { label: "Banned accounts", value: overview.bannedAccounts },
    { label: "Terminated for non-payment", value: overview.terminatedAccounts },
    { label: "Active staff users", value: overview.staffUsers },
  ];
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Overview</h1>
      {overview.accounts === 0 ? (
        <EmptyState title="No customer data yet">
          Run <code className="font-mono">npm run db:seed</code> to load the demo accounts.
        </EmptyState>
      ) : (
        <Card title="What the console can see">
          <dl className="grid grid-cols-1 gap-4 sm:grid-cols-3 lg:grid-cols-5">
            {figures.map((f) => (
              <div key={f.label}>
                <dt className="text-sm text-slate-600">{f.label}</dt>
                <dd className="text-2xl font-semibold tabular-nums" data-testid={`figure-${f.label}`}>
                  {f.value.toLocaleString("en-US")}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
      )}
    </div>
  );
}
