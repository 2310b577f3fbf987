// The shape of a query plan, for the benchmarks: which tables and indexes a statement
// reads, how many rows each scan touched, and whether any of them is the kind of scan
// that makes a page's cost grow with the table: a sequential scan of a large table, or
// an index walked from one end with no condition far past a page's worth of rows (how
// the "Change → failed logins" filter once read all 3.5M teammates). A bounded scan that
// still touches many rows is only noted: whether that is too many depends on the page.
//
// Timings vary with the machine and the cache; the plan is what regresses when a query
// stops being served by its index, so the benchmarks print it and fail on it.
import type pg from "pg";

/** A table (or partition) with at least this many rows is "large". */
export const LARGE_TABLE_ROWS = 10_000;
/**
 * An index walked without a condition may read this many rows: a filtered walk that
 * stops at its LIMIT costs milliseconds up to here (the 2 s regression it guards against
 * read 3.5M).
 */
export const UNBOUNDED_INDEX_ROWS = 10_000;
/** A scan of a large table touching more rows than this is noted (not a failure). */
export const MANY_ROWS_TOUCHED = 20_000;

/** The part of EXPLAIN (FORMAT JSON)'s plan node this walker reads. */
export interface PlanNode {
  "Node Type": string;
  "Relation Name"?: string;
  "Index Name"?: string;
  "Index Cond"?: string;
  "Recheck Cond"?: string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Rows Removed by Filter"?: number;
  "Rows Removed by Index Recheck"?: number;
  Plans?: PlanNode[];
}

export interface ScanShape {
  node: string;
  relation: string;
  index: string | null;
  /** The scan had an index condition (a range or an equality), not a walk from one end. */
  bounded: boolean;
  /** Rows read across all loops, kept or filtered out. */
  rowsTouched: number;
  loops: number;
}

export interface PlanShape {
  scans: ScanShape[];
  /** Why this plan is not a cheap indexed read; empty when it is. */
  problems: string[];
  /** Worth a look, not a failure. */
  notes: string[];
}

const SCAN_NODES = new Set(["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Bitmap Index Scan", "Tid Scan", "Tid Range Scan"]);

/** A condition that narrows the index range: "(x IS NOT NULL)" alone reads it end to end. */
function isBounding(cond: string | undefined): boolean {
  if (!cond) return false;
  return !/^\(*\s*[\w."]+ IS NOT NULL\s*\)*$/.test(cond);
}

function collect(node: PlanNode, out: ScanShape[], parentRelation: string | null): void {
  const type = node["Node Type"];
  if (SCAN_NODES.has(type)) {
    const loops = node["Actual Loops"] ?? 1;
    const rows = (node["Actual Rows"] ?? 0) + (node["Rows Removed by Filter"] ?? 0) + (node["Rows Removed by Index Recheck"] ?? 0);
    out.push({
      node: type,
      // A Bitmap Index Scan names only its index: its table is the Bitmap Heap Scan above it.
      relation: node["Relation Name"] ?? parentRelation ?? "?",
      index: node["Index Name"] ?? null,
      bounded: isBounding(node["Index Cond"] ?? node["Recheck Cond"]),
      // EXPLAIN reports per-loop averages (rounded): times loops is the total.
      rowsTouched: Math.round(rows * loops),
      loops,
    });
  }
  for (const child of node.Plans ?? []) collect(child, out, node["Relation Name"] ?? null);
}

/** Judges a plan given each relation's size (pg_class.reltuples). */
export function judgePlan(plan: PlanNode, sizes: ReadonlyMap<string, number>): PlanShape {
  const scans: ScanShape[] = [];
  collect(plan, scans, null);
  const problems: string[] = [];
  const notes: string[] = [];
  for (const s of scans) {
    const size = sizes.get(s.relation) ?? 0;
    if (size < LARGE_TABLE_ROWS) continue;
    const what = `${s.relation} (${Math.round(size).toLocaleString("en-US")} rows)`;
    if (s.node === "Seq Scan") problems.push(`sequential scan of ${what}`);
    else if ((s.node === "Index Scan" || s.node === "Index Only Scan") && !s.bounded && s.rowsTouched > UNBOUNDED_INDEX_ROWS) {
      problems.push(`full-index walk of ${s.index ?? "?"} on ${what}: ${s.rowsTouched.toLocaleString("en-US")} rows`);
    } else if (s.rowsTouched > MANY_ROWS_TOUCHED) {
      notes.push(`${s.node} of ${s.index ?? s.relation} on ${what} touched ${s.rowsTouched.toLocaleString("en-US")} rows`);
    }
  }
  return { scans, problems, notes };
}

/** Monthly partitions (login_attempts_p202611, its indexes) read as one table. */
const partitionless = (name: string) => name.replace(/_p\d{6}(?=_|$)/, "_p*").replace(/^login_attempts_default$/, "login_attempts_p*");

/**
 * One line: each scan as its index (or SEQ SCAN table), "walk" when it had no condition,
 * and the rows it touched; the partitions of one table are added up into one entry.
 */
export function describeShape(shape: PlanShape): string {
  const parts = new Map<string, { rows: number; loops: number; seq: boolean; walk: boolean; indexOnly: boolean }>();
  for (const s of shape.scans) {
    if (s.node === "Bitmap Heap Scan") continue;
    const seq = s.node === "Seq Scan";
    const key = seq ? `SEQ SCAN ${partitionless(s.relation)}` : partitionless(s.index ?? "?");
    const part = parts.get(key) ?? { rows: 0, loops: 0, seq, walk: false, indexOnly: s.node === "Index Only Scan" };
    part.rows += s.rowsTouched;
    part.loops += s.loops;
    part.walk ||= !seq && !s.bounded;
    parts.set(key, part);
  }
  return [...parts]
    .map(([key, p]) => `${key}${p.indexOnly ? " (index only)" : ""} ${p.walk ? "walk " : ""}${p.rows}${p.loops > 1 ? ` in ${p.loops} loops` : ""}`)
    .join(", ");
}

/** EXPLAIN (ANALYZE) of one statement through `pg`, judged against the tables' sizes. */
export async function explainShape(pool: pg.Pool, text: string, values: readonly unknown[]): Promise<PlanShape> {
  const client = await pool.connect();
  try {
    // ANALYZE runs the statement: inside a transaction rolled back, so nothing it could
    // write stays (the audit's statements only read).
    await client.query("BEGIN");
    const { rows } = await client.query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(`EXPLAIN (ANALYZE, FORMAT JSON) ${text}`, [...values]);
    await client.query("ROLLBACK");
    const plan = rows[0]?.["QUERY PLAN"][0]?.Plan;
    if (!plan) throw new Error("EXPLAIN returned no plan");
    const names: string[] = [];
    const walk = (n: PlanNode) => {
      if (n["Relation Name"]) names.push(n["Relation Name"]);
      n.Plans?.forEach(walk);
    };
    walk(plan);
    const sizes = new Map<string, number>();
    if (names.length) {
      const sized = await pool.query<{ relname: string; n: number }>(
        `SELECT relname::text, reltuples::float8 AS n FROM pg_class WHERE relname = ANY($1::text[])`,
        [[...new Set(names)]],
      );
      for (const r of sized.rows) sizes.set(r.relname, r.n);
    }
    return judgePlan(plan, sizes);
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** Every node of a plan, depth first. */
export function walkPlan(node: PlanNode, visit: (n: PlanNode) => void): void {
  visit(node);
  for (const child of node.Plans ?? []) walkPlan(child, visit);
}

/**
 * The indexes a plan read (a partition's index named as its parent's) and the tables it
 * scanned sequentially, counting only nodes that ran.
 */
export function indexesAndSeqScans(plan: PlanNode): { indexes: string[]; seqScanned: string[] } {
  const indexes = new Set<string>();
  const seqScanned = new Set<string>();
  walkPlan(plan, (n) => {
    if ((n["Actual Loops"] ?? 0) === 0) return;
    if (n["Index Name"]) indexes.add(n["Index Name"].replace(/^login_attempts_(p\d{6}|default)_/, "login_attempts_"));
    if (n["Node Type"] === "Seq Scan" && n["Relation Name"]) seqScanned.add(n["Relation Name"]);
  });
  return { indexes: [...indexes].sort(), seqScanned: [...seqScanned].sort() };
}
