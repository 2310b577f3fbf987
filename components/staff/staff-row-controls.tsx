"use client";

import { useState } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Select } from "@/components/ui/select";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ActionResult } from "@/lib/model/action-result";
import { changeStaffRoleAction } from "@/lib/actions/staff/change-staff-role";
import { disableStaffUserAction } from "@/lib/actions/staff/disable-staff-user";
import { enableStaffUserAction } from "@/lib/actions/staff/enable-staff-user";
import type { StaffRole } from "@/lib/generated/prisma/enums";

interface Props {
  staffUser: { id: string; name: string; role: StaffRole; isDisabled: boolean };
  roles: readonly { value: StaffRole; label: string }[];
  isSelf: boolean;
}

export function StaffRowControls({ staffUser, roles, isSelf }: Props) {
  const { run: runAction, pending: isPending, failure } = useServerAction();
  // The admin's pick in the select, until it is saved; then the saved role (from the
  // refreshed list) shows again. Kept apart so a refresh does not wipe the messages.
  const [choice, setChoice] = useState<StaffRole | null>(null);
  const role = choice ?? staffUser.role;
  const [confirmingDisable, setConfirmingDisable] = useState(false);
  // A role change moves what someone may see and do at once (an agent made admin can
  // manage staff): the admin confirms the named change, as for disabling.
  const [confirmingRole, setConfirmingRole] = useState(false);
  const [success, setSuccess] = useState<string | null>(null);
  const roleLabel = (value: StaffRole) => roles.find((r) => r.value === value)?.label ?? value;

  function run(call: () => Promise<ActionResult<unknown>>, done: string) {
    setSuccess(null);
    runAction(
      async () => {
        const result = await call();
        setConfirmingDisable(false);
        setConfirmingRole(false);
        return result;
      },
      () => {
        setChoice(null);
        setSuccess(done);
      },
    );
  }

  const roleFieldId = `role-${staffUser.id}`;
  return (
    <div className="flex min-w-72 flex-col gap-2">
      <div className="flex flex-wrap items-end gap-2">
        <Select
          label={`Role for ${staffUser.name}`}
          hideLabel
          id={roleFieldId}
          options={roles}
          value={role}
          disabled={isPending}
          onChange={(e) => {
            setConfirmingRole(false);
            setChoice(roles.find((r) => r.value === e.target.value)?.value ?? null);
          }}
          error={failure?.fieldErrors?.role?.[0]}
        />
        {confirmingRole && role !== staffUser.role ? (
          <>
            <Button
              variant="primary"
              disabled={isPending}
              onClick={() => run(() => changeStaffRoleAction({ staffUserId: staffUser.id, role }), `${staffUser.name} is now ${roleLabel(role)}.`)}
            >
              {isPending ? "Changing…" : `Make ${staffUser.name} ${roleLabel(role)}`}
            </Button>
            <Button variant="ghost" disabled={isPending} onClick={() => setConfirmingRole(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button variant="secondary" disabled={isPending || role === staffUser.role} onClick={() => setConfirmingRole(true)}>
            Change role…
          </Button>
        )}
        {staffUser.isDisabled ? (
          <Button
            variant="secondary"
            disabled={isPending}
            onClick={() => run(() => enableStaffUserAction({ staffUserId: staffUser.id }), `${staffUser.name} can sign in again.`)}
          >
            Enable
          </Button>
        ) : isSelf ? null : confirmingDisable ? (
          <>
            <Button
              variant="danger"
              disabled={isPending}
              onClick={() => run(() => disableStaffUserAction({ staffUserId: staffUser.id }), `${staffUser.name} is disabled and signed out.`)}
            >
              {isPending ? "Disabling…" : `Disable ${staffUser.name} now`}
            </Button>
            <Button variant="ghost" disabled={isPending} onClick={() => setConfirmingDisable(false)}>
              Cancel
            </Button>
          </>
        ) : (
          <Button variant="secondary" disabled={isPending} onClick={() => setConfirmingDisable(true)}>
            Disable…
          </Button>
        )}
      </div>
      {confirmingRole && role !== staffUser.role ? (
        <p className="text-sm text-slate-700">
          {staffUser.name} goes from {roleLabel(staffUser.role)} to {roleLabel(role)}: what they may see and do changes at once.
        </p>
      ) : null}
      {confirmingDisable ? <p className="text-sm text-slate-700">They lose access to the console at once, mid-session.</p> : null}
      {isSelf && !staffUser.isDisabled ? <p className="text-sm text-slate-600">To disable your own account, ask another admin.</p> : null}
      <ActionFeedback failure={failure} success={success} />
    </div>
  );
}
