import type { Metadata } from "next";
import { TimeZoneForm } from "@/components/settings/time-zone-form";
import { Card } from "@/components/ui/card";
import { setOwnTimeZoneAction } from "@/lib/actions/staff/set-own-time-zone";
import { requireStaff } from "@/lib/auth/current-staff";
import { timeZoneNames } from "@/lib/time/zone-time";

export const metadata: Metadata = { title: "Preferences" };

export default async function SettingsPage() {
  const staff = await requireStaff("preferences.edit_own", "page:/settings");
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
    </div>
  );
}
