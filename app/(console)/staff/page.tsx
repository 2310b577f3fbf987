import type { Metadata } from "next";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { EmptyState } from "@/components/ui/empty-state";
import { CreateStaffUserForm } from "@/components/staff/create-staff-user-form";
import { StaffTable } from "@/components/staff/staff-table";
import { requireStaff } from "@/lib/auth/current-staff";
import { timeFormatOrUtc } from "@/lib/time/zone-time";
import { ROLE_LABELS, ROLES } from "@/lib/auth/permissions";
import { listStaff } from "@/lib/data/console-data";
import { MAX_EMAIL_LENGTH, MAX_NAME_LENGTH, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/validation/staff";

export const metadata: Metadata = { title: "Staff" };

const roles = ROLES.map((value) => ({ value, label: ROLE_LABELS[value] }));

export default async function StaffPage() {
  const me = await requireStaff("staff.manage", "page:/staff");
  const { staff, total, enabledAdmins } = await listStaff();
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-2xl font-semibold">Staff</h1>
      <Card title="Staff users">
        {staff.length === 0 ? (
          <EmptyState title="No staff users" />
        ) : (
          <div className="flex flex-col gap-3">
            {enabledAdmins === 1 ? (
              <Alert tone="info">There is one enabled admin. The console will not demote or disable them until another staff user is an admin.</Alert>
            ) : null}
            {total > staff.length ? (
              <Alert tone="warning">
                Showing {staff.length} of {total} staff users.
              </Alert>
            ) : null}
            <StaffTable staff={staff} roles={roles} currentStaffId={me.id} times={timeFormatOrUtc(me.timeZone)} />
          </div>
        )}
      </Card>
      <Card title="Create a staff user">
        <CreateStaffUserForm
          roles={roles}
          limits={{
            maxEmailLength: MAX_EMAIL_LENGTH,
            maxNameLength: MAX_NAME_LENGTH,
            minPasswordLength: MIN_PASSWORD_LENGTH,
            maxPasswordLength: MAX_PASSWORD_LENGTH,
          }}
        />
      </Card>
    </div>
  );
}
