// Walks the audit trail in id order (the chain order: the database trigger draws ids
// under the chain's lock) and rebuilds every hash with node:crypto, trusting nothing
// the database computed. Reads in keyset batches (`id > last`), so a million entries
// cost what a thousand do per batch and memory stays at one batch.
//
// No "server-only" here: `npm run audit:verify` runs it outside Next.
import type pg from "pg";
import { auditEntryHash, CHAIN_COLUMNS_SQL, type ChainContent } from "./chain-hash";

export type ChainProblem =
  /** The entry carries no hash: written while the chain trigger was disabled. */
  | "missing_hash"
  /** The entry's content (or its hash) no longer matches its hash: edited or forged. */
  | "hash_mismatch"
  /** The entry does not link to the entry before it: entries deleted or reordered. */
  | "prev_hash_mismatch"
  /** The entry an operator recorded earlier is gone or has another hash. */
  | "anchor_mismatch"
  /** The entry is older than the one before it: backdated (the database sets the time). */
  | "time_went_backwards";

export interface ChainLink {
  id: string;
  hash: string;
}

export interface BrokenLink {
  id: string;
  problem: ChainProblem;
  message: string;
}

export type VerifyChainResult =
  | { ok: true; count: number; head: ChainLink | null }
  | {
      ok: false;
      /** Entries checked and found intact before the broken one. */
      count: number;
      broken: BrokenLink;
      /** The last entry that still links correctly, if any. */
      lastGood: ChainLink | null;
    };

export interface VerifyChainOptions {
  batchSize?: number;
  /**
   * An entry recorded earlier (e.g. the head printed by a previous run): it must still
   * be there with this hash. A chain alone cannot notice that its newest entries were
   * removed, or that everything after an edit was re-hashed; a recorded link can.
   */
  anchor?: ChainLink;
  /**
   * Start after this entry, which must still carry this hash: checks only the entries
   * added since a recorded head, and that they link to it.
   */
  from?: ChainLink;
  onProgress?: (checked: number) => void;
}

/** A pg.Client, pg.PoolClient or pg.Pool. */
type Queryable = Pick<pg.ClientBase, "query">;

interface Row extends ChainContent {
  prevHash: string | null;
  hash: string | null;
}

const short = (hash: string | null) => (hash === null ? "none" : `${hash.slice(0, 16)}…`);

export async function verifyAuditChain(db: Queryable, options: VerifyChainOptions = {}): Promise<VerifyChainResult> {
  const batchSize = options.batchSize ?? 5_000;
  const anchor = options.anchor;
  let anchorSeen = false;
  let last: ChainLink | null = null;
  let count = 0;
  let after = "0";
  // Entries after this id carry the database's time, which never goes backwards along
  // the chain (migration 20261207020740_audit_chain_row_lock): earlier ones were timed by
  // their transaction's start. A database without the head table checks no times.
  const orderedFrom = await timesOrderedFrom(db);
  let lastCreatedMs: bigint | null = null;
  const broken = (id: string, problem: ChainProblem, message: string): VerifyChainResult => ({
    ok: false,
    count,
    broken: { id, problem, message },
    lastGood: last,
  });

  const storedEntry = async (link: ChainLink) => {
    const { rows } = await db.query<{ hash: string | null; createdAtMs: string }>(
      `SELECT hash, (EXTRACT(EPOCH FROM created_at) * 1000)::bigint::text AS "createdAtMs" FROM audit_entries WHERE id = $1::bigint`,
      [link.id],
    );
    return rows[0];
  };
  const stored = async (link: ChainLink) => (await storedEntry(link))?.hash;
  const differs = (link: ChainLink, hash: string | null | undefined) =>
    hash === undefined ? `the recorded entry ${link.id} is gone` : `the recorded hash for entry ${link.id} was ${short(link.hash)}, it is now ${short(hash)}`;
  if (options.from) {
    const from = await storedEntry(options.from);
    const hash = from?.hash;
    if (hash !== options.from.hash) return broken(options.from.id, "anchor_mismatch", differs(options.from, hash));
    last = options.from;
    lastCreatedMs = from ? BigInt(from.createdAtMs) : null;
    after = options.from.id;
  }
  if (anchor && BigInt(anchor.id) <= BigInt(after)) {
    // The walk starts past it: look it up instead.
    const hash = await stored(anchor);
    if (hash !== anchor.hash) return broken(anchor.id, "anchor_mismatch", differs(anchor, hash));
    anchorSeen = true;
  }

  for (;;) {
    // ORDER BY names the table's column: a bare `id` would sort the text alias.
    const { rows } = await db.query<Row>(
      `SELECT ${CHAIN_COLUMNS_SQL}, prev_hash AS "prevHash", hash
         FROM audit_entries a WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2::int`,
      [after, batchSize],
    );
    for (const row of rows) {
      if (anchor && !anchorSeen && BigInt(row.id) > BigInt(anchor.id)) {
        return broken(row.id, "anchor_mismatch", `the recorded entry ${anchor.id} is gone: entries were deleted before ${row.id}`);
      }
      if (row.hash === null) {
        return broken(row.id, "missing_hash", "the entry has no hash: it was written while the chain trigger was disabled");
      }
      const expectedPrev = last?.hash ?? null;
      if (row.prevHash !== expectedPrev) {
        const where = last ? `the previous entry (${last.id}) has hash ${short(expectedPrev)}` : "it is the first entry, which links to nothing";
        return broken(
          row.id,
          "prev_hash_mismatch",
          `prev_hash is ${short(row.prevHash)} but ${where}: entries before it were deleted, or the previous entry was re-hashed`,
        );
      }
      const rebuilt = auditEntryHash(row.prevHash, row);
      if (rebuilt !== row.hash) {
        return broken(
          row.id,
          "hash_mismatch",
          `the content hashes to ${short(rebuilt)} but the entry says ${short(row.hash)}: the entry was edited, or its hash forged`,
        );
      }
      const createdMs = BigInt(row.createdAtMs);
      if (orderedFrom !== null && BigInt(row.id) > orderedFrom && lastCreatedMs !== null && createdMs < lastCreatedMs) {
        return broken(
          row.id,
          "time_went_backwards",
          `the entry is dated ${new Date(Number(createdMs)).toISOString()}, before the entry ahead of it (${new Date(Number(lastCreatedMs)).toISOString()}): it was backdated`,
        );
      }
      if (anchor && row.id === anchor.id) {
        if (row.hash !== anchor.hash) {
          return broken(
            row.id,
            "anchor_mismatch",
            `the recorded hash for entry ${anchor.id} was ${short(anchor.hash)}, it is now ${short(row.hash)}: the chain was rebuilt from here or earlier`,
          );
        }
        anchorSeen = true;
      }
      last = { id: row.id, hash: row.hash };
      lastCreatedMs = createdMs;
      count++;
    }
    options.onProgress?.(count);
    const tail = rows.at(-1);
    if (!tail || rows.length < batchSize) break;
    after = tail.id;
  }
  if (anchor && !anchorSeen) {
    return broken(
      anchor.id,
      "anchor_mismatch",
      `the trail ends at ${last?.id ?? "no entry"}, before the recorded entry ${anchor.id}: the newest entries were removed`,
    );
  }
  return { ok: true, count, head: last };
}

/** The id after which entries' times must not go backwards, or null (no head table yet). */
async function timesOrderedFrom(db: Queryable): Promise<bigint | null> {
  const table = await db.query<{ exists: boolean }>(`SELECT to_regclass('audit_chain_head') IS NOT NULL AS exists`);
  if (!table.rows[0]?.exists) return null;
  const { rows } = await db.query<{ orderedFrom: string }>(`SELECT ordered_from::text AS "orderedFrom" FROM audit_chain_head WHERE id = 1`);
  return rows[0] ? BigInt(rows[0].orderedFrom) : null;
}
