import type { TimeFormat } from "@/components/account/format";
import { Badge } from "@/components/ui/badge";
import { Link } from "@/components/ui/link";
import { Truncated } from "@/components/ui/truncated";
import type { StaffUserDto } from "@/lib/model/staff";
import type { StaffRole } from "@/lib/generated/prisma/enums";
import { StaffRowControls } from "./staff-row-controls";

// Dates as everywhere else on the console: "2026-11-30 03:03 UTC", in the admin's zone.

function When({ iso, fallback, times }: { iso: string | null; fallback: string; times: TimeFormat }) {
  if (!iso) return <span className="text-slate-500">{fallback}</span>;
  return <time dateTime={iso}>{times.at(new Date(iso))}</time>;
}

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
    <div className="@container">
      <table className="stacked-table-wide w-full border-collapse text-left text-sm">
        <caption className="sr-only">Staff users, enabled first</caption>
        <thead className="sticky top-0 z-10 border-b border-slate-200 bg-white text-slate-600">
          <tr>
            <th scope="col" className="px-2 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Email
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Role
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Status
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Last sign-in
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Created by
            </th>
            <th scope="col" className="px-2 py-2 font-medium">
              Manage
            </th>
          </tr>
        </thead>
        <tbody>
          {staff.map((s) => (
            <tr key={s.id} className="border-b border-slate-100 align-top" data-testid={`staff-row-${s.email}`}>
              <th scope="row" className="px-2 py-3 font-medium text-slate-900">
                {s.name}
                {s.id === currentStaffId ? <span className="ml-1 font-normal text-slate-500">(you)</span> : null}
                <Link href={`/audit/log?actor=${encodeURIComponent(s.id)}`} className="mt-1 block text-xs font-normal text-blue-800 underline">
                  This person&apos;s entries<span className="sr-only"> in the audit log ({s.name})</span>
                </Link>
              </th>
              <td className="px-2 py-3" data-label="Email">
                <Truncated value={s.email} copy="email" className="@min-[64rem]:max-w-56" />
              </td>
              <td className="px-2 py-3" data-label="Role">
                {roleLabel(s.role)}
              </td>
              <td className="px-2 py-3" data-label="Status">
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
              </td>
              <td className="px-2 py-3 whitespace-nowrap" data-label="Last sign-in">
                <When iso={s.lastSignInAt} fallback="Never" times={times} />
              </td>
              <td className="px-2 py-3" data-label="Created by">
                {s.createdBy ? s.createdBy.name : <span className="text-slate-500">Setup</span>}
              </td>
              <td className="px-2 py-3" data-label="Manage" data-wide>
                <StaffRowControls
                  staffUser={{ id: s.id, name: s.name, role: s.role, isDisabled: s.isDisabled }}
                  roles={roles}
                  isSelf={s.id === currentStaffId}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
