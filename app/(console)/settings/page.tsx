import type { Metadata } from "next";
import { PersonalTokens } from "@/components/settings/personal-tokens";
import { TimeZoneForm } from "@/components/settings/time-zone-form";
import { Card } from "@/components/ui/card";
import { createPersonalTokenAction } from "@/lib/actions/staff/create-personal-token";
import { revokePersonalTokenAction } from "@/lib/actions/staff/revoke-personal-token";
import { setOwnTimeZoneAction } from "@/lib/actions/staff/set-own-time-zone";
import { requireStaff } from "@/lib/auth/current-staff";
import { can } from "@/lib/auth/permissions";
import { listPersonalTokens } from "@/lib/data/console-data";
import { timeFormatOrUtc, timeZoneNames } from "@/lib/time/zone-time";

export const metadata: Metadata = { title: "Preferences" };

export default async function SettingsPage() {
  const staff = await requireStaff("preferences.edit_own", "page:/settings");
  // Admins list and revoke everyone's tokens; everyone else their own.
  const isAdmin = can(staff.role, "staff.manage");
  const tokens = await listPersonalTokens(isAdmin ? "everyone" : { staffId: staff.id });
  const times = timeFormatOrUtc(staff.timeZone);
  const at = Object.fromEntries(
    tokens.flatMap((t) => [t.expiresAt, t.lastUsedAt, t.revokedAt]).flatMap((iso) => (iso ? [[iso, times.at(new Date(iso))]] : [])),
  );
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Preferences</h1>
      <Card title="Time zone">
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">
            Every time in the console is shown in this zone, with its offset from UTC after it (&ldquo;2026-11-30 04:03 UTC+01:00&rdquo;), so a time you paste
            into a ticket means the same to whoever reads it. CSV exports keep every time in UTC, and say so.
          </p>
          <TimeZoneForm current={staff.timeZone} zones={timeZoneNames()} action={setOwnTimeZoneAction} />
        </div>
      </Card>
      <Card title="Personal access tokens">
        <div className="flex flex-col gap-4">
          <p className="text-sm text-slate-700">
            A token lets a tool (a helpdesk sidebar, a script) call the staff API as you: see docs/staff-api.md. It acts with your role as it is at each call,
            and stops at once if your account is disabled.
          </p>
          <PersonalTokens tokens={tokens} showOwner={isAdmin} create={createPersonalTokenAction} revoke={revokePersonalTokenAction} at={at} />
        </div>
      </Card>
    </div>
  );
}
