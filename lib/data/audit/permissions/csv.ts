// The permissions audit as CSV: the columns, and one row's cells.
import type { TeammatePermissionRow } from "./list";

export const PERMISSIONS_CSV_HEADER = [
  "account_id",
  "account_username",
  "account_status",
  "teammate_id",
  "teammate_username",
  "teammate_email",
  "level",
  "scopes",
  // ISO instants in UTC, whatever zone the lead reads the page in; the names say so
  // (lib/export/README.md, "Times in a file").
  "last_login_at_utc",
  "created_at_utc",
  "flags",
] as const;

/** One CSV line's cells: scopes space-separated, flags as their codes (see the page's legend). */
export function permissionsCsvCells(r: TeammatePermissionRow): (string | number)[] {
  return [
    r.accountId,
    r.accountUsername,
    r.accountStatus,
    r.teammateId,
    r.username,
    r.email,
    r.level,
    r.scopes.join(" "),
    r.lastLoginAt ?? "",
    r.createdAt,
    r.flags.map((f) => f.flag).join(" "),
  ];
}
