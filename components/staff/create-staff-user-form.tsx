"use client";

import { useRef, useState, type FormEvent } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { useServerAction } from "@/components/ui/use-server-action";
import { createStaffUserAction } from "@/lib/actions/staff/create-staff-user";

export interface CreateStaffUserLimits {
  maxEmailLength: number;
  maxNameLength: number;
  minPasswordLength: number;
  maxPasswordLength: number;
}

export function CreateStaffUserForm({ limits, roles }: { limits: CreateStaffUserLimits; roles: readonly { value: string; label: string }[] }) {
  const formRef = useRef<HTMLFormElement>(null);
  const { run, pending: isPending, failure } = useServerAction();
  const [success, setSuccess] = useState<string | null>(null);

  // Submitted by hand rather than through <form action>: React resets a form after a
  // form action, which would throw away what the admin typed when a field is refused.
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setSuccess(null);
    run(
      () => createStaffUserAction(form),
      (created) => {
        setSuccess(`${created.name} (${created.email}) can now sign in with the initial password. Give it to them privately.`);
        formRef.current?.reset();
      },
    );
  }

  const fieldError = (field: string) => failure?.fieldErrors?.[field]?.[0];

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="flex flex-col gap-4" aria-busy={isPending}>
      <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
        <Input
          label="Email"
          name="email"
          id="new-staff-email"
          type="email"
          autoComplete="off"
          required
          maxLength={limits.maxEmailLength}
          error={fieldError("email")}
        />
        <Input label="Name" name="name" id="new-staff-name" autoComplete="off" required maxLength={limits.maxNameLength} error={fieldError("name")} />
        <Select label="Role" name="role" id="new-staff-role" options={roles} defaultValue="AGENT" error={fieldError("role")} />
        <Input
          label="Initial password"
          name="password"
          id="new-staff-password"
          type="password"
          autoComplete="new-password"
          required
          minLength={limits.minPasswordLength}
          maxLength={limits.maxPasswordLength}
          hint={`At least ${limits.minPasswordLength} characters.`}
          error={fieldError("password")}
        />
      </div>
      <ActionFeedback failure={failure} success={success} />
      <div>
        <Button type="submit" disabled={isPending}>
          {isPending ? "Creating…" : "Create staff user"}
        </Button>
      </div>
    </form>
  );
}
