import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { Cell, Table, type Column } from "@/components/ui/table";
import { CreateSourceForm } from "@/components/sources/create-source-form";
import { SourceRowControls } from "@/components/sources/source-row-controls";
import { requireStaff } from "@/lib/auth/current-staff";
import { timeFormatOrUtc } from "@/lib/time/zone-time";
import { listSources } from "@/lib/data/console-data";

export const metadata: Metadata = { title: "Sources" };

const COLUMNS = {
  source: { label: "Source" },
  token: { label: "Token" },
  may: { label: "May" },
  history: { label: "History" },
  events: { label: "Events" },
  controls: { label: "Controls", labelHidden: true },
} satisfies Record<string, Column>;

const count = (value: string) => BigInt(value).toLocaleString("en-GB");

export default async function SourcesPage() {
  const me = await requireStaff("sources.manage", "page:/sources");
  // Every date in the admin's zone, with its offset.
  const times = timeFormatOrUtc(me.timeZone);
  const when = (iso: string | null) => (iso ? times.at(new Date(iso)) : "—");
  const sources = await listSources();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Sources</h1>
      <p className="max-w-3xl text-sm text-slate-700">
        A source is one sending system of the platform. Its bearer token lets it send customer events (scope <code>ingest</code>) and redeem the reset and
        confirmation links the console emails (scope <code>redeem</code>). The console keeps only each token&apos;s hash: a token is shown once, when it is
        created or rotated.
      </p>
      <Card title="Sources">
        <Table
          caption="Platform sources, their tokens and what they sent"
          columns={Object.values(COLUMNS)}
          rows={sources}
          empty={{ title: "No sources yet", children: "Create one below for each system of the platform that sends events or redeems links." }}
          stack="wide"
          sticky
          pad="py-2 pr-4"
        >
          {(s) => (
            <tr key={s.id} className="border-b border-slate-100 align-top" data-testid="source-row" data-source={s.name}>
              <Cell column={COLUMNS.source} rowHeader className="py-3 pr-4 font-medium">
                <span className="flex flex-col gap-1">
                  {s.name}
                  {s.revokedAt ? <Badge tone="danger">Revoked</Badge> : <Badge tone="success">Active</Badge>}
                </span>
              </Cell>
              <Cell column={COLUMNS.token} className="py-3 pr-4">
                {/* No copy button: a copied prefix pasted into a configuration looks like a token and is not one. */}
                <code>{s.tokenPrefix}…</code>
                {s.previousTokenPrefix ? (
                  <span className="block text-slate-600">
                    previous <code>{s.previousTokenPrefix}…</code> until {when(s.previousTokenExpiresAt)}
                  </span>
                ) : null}
              </Cell>
              <Cell column={COLUMNS.may} className="py-3 pr-4">
                <span className="block">{s.scopes.join(", ")}</span>
                <span className="block text-slate-600">types: {s.allowedTypes.length ? s.allowedTypes.join(", ") : "all"}</span>
                <span className="block text-slate-600">{s.maxEventsPerSecond.toLocaleString("en-GB")} events/s</span>
              </Cell>
              <Cell column={COLUMNS.history} className="py-3 pr-4 text-slate-700">
                <span className="block">
                  created {when(s.createdAt)}
                  {s.createdBy ? ` by ${s.createdBy}` : ""}
                </span>
                {s.rotatedAt ? <span className="block">rotated {when(s.rotatedAt)}</span> : null}
                {s.revokedAt ? <span className="block">revoked {when(s.revokedAt)}</span> : null}
                <span className="block">last use {s.lastUsedAt ? when(s.lastUsedAt) : "never"}</span>
              </Cell>
              <Cell column={COLUMNS.events} className="py-3 pr-4 text-slate-700">
                <span className="block">{count(s.eventsAccepted)} accepted</span>
                <span className="block">{count(s.eventsDuplicate)} duplicate</span>
                <span className="block">{count(s.eventsRejected)} rejected</span>
                {s.eventsWaiting > 0 && s.oldestWaitingSince ? (
                  <span className="block" data-testid="source-waiting">
                    {s.eventsWaiting.toLocaleString("en-GB")} waiting for their record (oldest since {when(s.oldestWaitingSince)})
                  </span>
                ) : null}
              </Cell>
              <Cell column={COLUMNS.controls} className="py-3" wide>
                {s.revokedAt ? null : <SourceRowControls source={s} />}
              </Cell>
            </tr>
          )}
        </Table>
      </Card>
      <Card title="Create a source">
        <CreateSourceForm />
      </Card>
    </div>
  );
}
