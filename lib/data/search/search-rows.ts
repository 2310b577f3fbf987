// A search statement's rows, as both Prisma's $queryRaw and plain `pg` return them, to
// the result DTO (with each row's verdict, read from its own columns).
import { rowVerdict } from "@/lib/diagnosis/verdict-strip";
import { isMatchField, type CustomerStatus, type SearchResultDto, type SearchResultItem } from "@/lib/model/search";
import type { ClassifiedQuery } from "./classify-query";
import { QUALITY_OF_RANK } from "./search-statement";

/** A row of the statement above, as both Prisma's $queryRaw and plain `pg` return it. */
export interface SearchRow {
  kind: string;
  id: number;
  username: string | null;
  email: string | null;
  status: string;
  login_method: string | null;
  parent_id: number | null;
  parent_username: string | null;
  last_login_at: Date | null;
  locked_until: Date | null;
  deleted_at: Date | null;
  parent_status: string | null;
  created_at: Date | null;
  field: string;
  value: string;
  q: number;
  score: number;
}

function toIso(value: Date | string | null): string | null {
  if (value === null) return null;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

function accountStatus(value: string | null): "ACTIVE" | "TERMINATED" | "BANNED" | null {
  return value === "ACTIVE" || value === "TERMINATED" || value === "BANNED" ? value : null;
}

export function toResultItem(row: SearchRow, now: Date = new Date()): SearchResultItem {
  const field = isMatchField(row.field) ? row.field : "username";
  const status: CustomerStatus = accountStatus(row.status) ?? "UNCONFIRMED";
  const loginMethod = row.login_method === "PASSWORD" || row.login_method === "UNIFIED_LOGIN" ? row.login_method : null;
  const kind = row.kind === "signup" ? "signup" : "account";
  const lockedUntil = row.locked_until === null || row.locked_until === undefined ? null : new Date(row.locked_until);
  return {
    kind,
    id: Number(row.id),
    username: row.username ?? "",
    email: row.email ?? "",
    status,
    loginMethod,
    isSubuser: row.parent_id !== null,
    parentId: row.parent_id === null ? null : Number(row.parent_id),
    parentUsername: row.parent_username,
    match: { field, value: row.value },
    quality: QUALITY_OF_RANK[row.q] ?? "similar",
    score: Math.round(Number(row.score) * 1000) / 1000,
    lastLoginAt: toIso(row.last_login_at),
    createdAt: toIso(row.created_at) ?? "",
    verdict: rowVerdict(
      {
        kind,
        status,
        loginMethod,
        lockedUntil,
        parentStatus: accountStatus(row.parent_status ?? null),
        parentUsername: row.parent_username,
        deletedAt: row.deleted_at === null || row.deleted_at === undefined ? null : new Date(row.deleted_at),
      },
      now,
    ),
  };
}

export function toResultDto(q: ClassifiedQuery, rows: readonly SearchRow[], limit: number, now: Date = new Date()): SearchResultDto {
  const results = rows.slice(0, limit).map((row) => toResultItem(row, now));
  const exact = results.filter((r) => r.quality === "exact").length;
  return { query: q.display, kind: q.kind, results, exactHit: exact === 1, truncated: rows.length > limit };
}
