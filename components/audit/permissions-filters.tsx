import { Link } from "@/components/ui/link";
import { Button } from "@/components/ui/button";
import { DAY_INPUT, Input } from "@/components/ui/input";
import { Select } from "@/components/ui/select";
import { DEFAULT_SEVERAL_ADMINS, FILTER_FLAGS, FLAGS, MAX_SEVERAL_ADMINS } from "@/lib/model/teammate-flags";
import { LEVEL_LABELS, TEAMMATE_LEVELS } from "@/lib/model/teammate-levels";

const ANY = { value: "", label: "Any" };
const LEVEL_OPTIONS = [ANY, ...TEAMMATE_LEVELS.map((value) => ({ value, label: LEVEL_LABELS[value] }))];
const LAST_LOGIN_OPTIONS = [
  ANY,
  { value: "within_30d", label: "In the last 30 days" },
  { value: "within_90d", label: "In the last 90 days" },
  { value: "over_90d", label: "Not in 90 days, or never" },
  { value: "never", label: "Never" },
];
const FLAG_OPTIONS = [{ value: "", label: "Any row" }, ...FILTER_FLAGS.map((value) => ({ value, label: FLAGS[value].label }))];
const LIMIT_OPTIONS = ["25", "50", "100", "200"].map((value) => ({ value, label: value }));

/**
 * A plain GET form: applying a filter is a navigation, so the URL is the state and the
 * browser's back button and a pasted link both work. Sort survives a new filter; the
 * page position does not (it belongs to the old result).
 */
export function PermissionsFilters({ values, errors }: { values: Record<string, string>; errors: Record<string, string> }) {
  return (
    <form method="get" action="/audit/permissions" className="flex flex-col gap-3" aria-label="Filter teammates">
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
        <Input label="Account" name="account" defaultValue={values.account} error={errors.account} hint="Account id or username" autoComplete="off" />
        <Select label="Permission level" name="level" options={LEVEL_OPTIONS} defaultValue={values.level ?? ""} error={errors.level} />
        <Input
          label="Scope"
          name="scope"
          defaultValue={values.scope}
          error={errors.scope}
          hint="Teammates holding this scope, e.g. mail.send"
          autoComplete="off"
        />
        <Select label="Last login" name="lastLogin" options={LAST_LOGIN_OPTIONS} defaultValue={values.lastLogin ?? ""} error={errors.lastLogin} />
        {/* UTC days: a teammate's creation date is compared with the platform's records, which are UTC. */}
        <Input label="Created from (UTC)" name="createdFrom" {...DAY_INPUT} defaultValue={values.createdFrom} error={errors.createdFrom} />
        <Input label="Created to (UTC)" name="createdTo" {...DAY_INPUT} defaultValue={values.createdTo} error={errors.createdTo} />
        <Select label="Flag" name="flag" options={FLAG_OPTIONS} defaultValue={values.flag ?? ""} error={errors.flag} />
        <Input
          label="“Several admins” from"
          name="admins"
          type="number"
          inputMode="numeric"
          min={DEFAULT_SEVERAL_ADMINS}
          max={MAX_SEVERAL_ADMINS}
          placeholder={String(DEFAULT_SEVERAL_ADMINS)}
          defaultValue={values.admins}
          error={errors.admins}
          hint="Owners or admins on one account before it is flagged"
          autoComplete="off"
        />
        <Select label="Rows per page" name="limit" options={LIMIT_OPTIONS} defaultValue={values.limit ?? "50"} error={errors.limit} />
      </div>
      {values.sort ? <input type="hidden" name="sort" value={values.sort} /> : null}
      {values.dir ? <input type="hidden" name="dir" value={values.dir} /> : null}
      <div className="flex gap-2">
        <Button type="submit">Apply filters</Button>
        <Link href="/audit/permissions" className="inline-flex items-center rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
          Clear
        </Link>
      </div>
    </form>
  );
}
