import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { DAY_INPUT, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { AUDIT_ACTIONS } from "@/lib/audit/action-names";
import { AUDIT_ACTION_LABELS } from "@/lib/audit/describe";
import {
  AUDIT_OUTCOMES,
  AUDIT_WITHIN,
  AUDIT_WITHIN_LABELS,
  MAX_TICKET_FILTER_LENGTH,
  type AuditFilterField,
  type AuditOrder,
} from "@/lib/validation/audit-log";

export const OUTCOME_LABELS: Record<(typeof AUDIT_OUTCOMES)[number], string> = { DONE: "Done", REFUSED: "Refused", FAILED: "Failed" };

/**
 * A plain GET form: the filter lives in the URL, so a lead can paste the view into a
 * ticket, and it works before (and without) JavaScript.
 */
export function AuditLogFilters({
  values,
  errors,
  staff,
  dir,
  timeZone,
}: {
  values: Record<AuditFilterField, string>;
  errors: Partial<Record<string, string>>;
  staff: readonly { id: string; label: string }[];
  /** The order by time: kept when the filter changes. */
  dir?: AuditOrder | undefined;
  /** The lead's zone: the days are read in it, as the table's times are written in it. */
  timeZone: string;
}) {
  return (
    <form method="get" action="/audit/log" className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4" aria-label="Filter the audit log">
      <Select
        name="actor"
        label="Staff user"
        defaultValue={values.actor}
        error={errors.actor}
        options={[{ value: "", label: "Anyone" }, ...staff.map((s) => ({ value: s.id, label: s.label }))]}
      />
      {/* A multiple select sends one `action` per choice; none chosen means any action. */}
      <Select
        name="action"
        label="Actions"
        multiple
        size={4}
        defaultValue={values.action === "" ? [] : values.action.split(",")}
        error={errors.action}
        hint="None chosen: any. Ctrl or ⌘ to pick several."
        options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] }))}
      />
      <Select
        name="outcome"
        label="Outcome"
        defaultValue={values.outcome}
        error={errors.outcome}
        options={[{ value: "", label: "Any outcome" }, ...AUDIT_OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))]}
      />
      <Input
        name="account"
        label="Account"
        hint="Id, username or email (exact)"
        defaultValue={values.account}
        error={errors.account}
        autoComplete="off"
        spellCheck={false}
      />
      <Input
        name="ticket"
        label="Ticket"
        defaultValue={values.ticket}
        error={errors.ticket}
        maxLength={MAX_TICKET_FILTER_LENGTH}
        autoComplete="off"
        hint="Any spelling: #48213, ZD-48213, 48213"
      />
      <Select
        name="within"
        label="When"
        defaultValue={values.within}
        error={errors.within}
        options={[{ value: "", label: "Any time" }, ...AUDIT_WITHIN.map((w) => ({ value: w, label: AUDIT_WITHIN_LABELS[w] }))]}
      />
      <Input name="from" label={`From (${timeZone})`} {...DAY_INPUT} defaultValue={values.from} error={errors.from} />
      <Input name="to" label={`To (${timeZone}, inclusive)`} {...DAY_INPUT} defaultValue={values.to} error={errors.to} />
      <label className="flex items-center gap-2 self-end py-2 text-sm">
        <input type="checkbox" name="quiet" value="1" defaultChecked={values.quiet === "1"} className="size-5" />
        Hide views and sign-ins
      </label>
      {dir === "asc" ? <input type="hidden" name="dir" value="asc" /> : null}
      <div className="flex items-end gap-3">
        <Button type="submit">Apply</Button>
        <Link href="/audit/log" className="rounded-md px-3 py-2 text-sm font-medium text-blue-800 underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
