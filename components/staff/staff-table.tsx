import type { TimeFormat } from "@/components/account/format";
import { Badge } from "@/components/ui/badge";
import { Link } from "@/components/ui/link";
import { Cell, Table, type Column } from "@/components/ui/table";
import { Truncated } from "@/components/ui/truncated";
import type { StaffUserDto } from "@/lib/model/staff";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { StaffRowControls } from "./staff-row-controls";

// Dates as everywhere else on the console: "2026-11-30 03:03 UTC", in the admin's zone.

function When({ iso, fallback, times }: { iso: string | null; fallback: string; times: TimeFormat }) {
  if (!iso) return <span className="text-slate-500">{fallback}</span>;
  return <time dateTime={iso}>{times.at(new Date(iso))}</time>;
}

const COLUMNS = {
  name: { label: "Name" },
  email: { label: "Email" },
  role: { label: "Role" },
  status: { label: "Status" },
  lastSignIn: { label: "Last sign-in" },
  createdBy: { label: "Created by" },
  manage: { label: "Manage" },
} satisfies Record<string, Column>;

export function StaffTable({
  staff,
  roles,
  currentStaffId,
  times,
}: {
  staff: StaffUserDto[];
  roles: readonly { value: StaffRole; label: string }[];
  currentStaffId: string;
  times: TimeFormat;
}) {
  const roleLabel = (value: StaffRole) => roles.find((r) => r.value === value)?.label ?? value;
  return (
    <Table caption="Staff users, enabled first" columns={Object.values(COLUMNS)} rows={staff} stack="wide" sticky>
      {(s) => (
        <tr key={s.id} className="border-b border-slate-100 align-top" data-testid={`staff-row-${s.email}`}>
          <Cell column={COLUMNS.name} rowHeader className="px-2 py-3 font-medium text-slate-900">
            {s.name}
            {s.id === currentStaffId ? <span className="ml-1 font-normal text-slate-500">(you)</span> : null}
            <Link href={`/audit/log?actor=${encodeURIComponent(s.id)}`} className="mt-1 block text-xs font-normal text-blue-800 underline">
              This person&apos;s entries<span className="sr-only"> in the audit log ({s.name})</span>
            </Link>
          </Cell>
          <Cell column={COLUMNS.email} className="px-2 py-3">
            <Truncated value={s.email} copy="email" className="@min-[64rem]:max-w-56" />
          </Cell>
          <Cell column={COLUMNS.role} className="px-2 py-3">
            {roleLabel(s.role)}
          </Cell>
          <Cell column={COLUMNS.status} className="px-2 py-3">
            {s.isDisabled ? (
              <span className="flex flex-col gap-1">
                <Badge tone="danger">Disabled</Badge>
                <span className="text-xs text-slate-600">
                  since <When iso={s.disabledAt} fallback="" times={times} />
                </span>
              </span>
            ) : (
              <Badge tone="success">Enabled</Badge>
            )}
            {s.ssoSubject ? (
              <span className="mt-1 flex min-w-0 items-baseline gap-1 text-xs text-slate-600" data-testid="sso-binding">
                <span className="shrink-0">Single sign-on:</span> <Truncated value={s.ssoSubject} mono className="max-w-40" />
              </span>
            ) : null}
          </Cell>
          <Cell column={COLUMNS.lastSignIn} className="px-2 py-3 whitespace-nowrap">
            <When iso={s.lastSignInAt} fallback="Never" times={times} />
          </Cell>
          <Cell column={COLUMNS.createdBy} className="px-2 py-3">
            {s.createdBy ? s.createdBy.name : <span className="text-slate-500">Setup</span>}
          </Cell>
          <Cell column={COLUMNS.manage} className="px-2 py-3" wide>
            <StaffRowControls staffUser={{ id: s.id, name: s.name, role: s.role, isDisabled: s.isDisabled }} roles={roles} isSelf={s.id === currentStaffId} />
          </Cell>
        </tr>
      )}
    </Table>
  );
}
