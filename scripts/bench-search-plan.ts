// The search statement's plan, for bench:lookup and bench:typos: the indexes it read and
// any sequential scan of a large table (which at a million accounts is the difference
// between milliseconds and seconds).
import type pg from "pg";
import { buildSearchStatement, classifyQuery, DEFAULT_SEARCH_LIMIT } from "@/lib/data/search/search-customers";
import { indexesAndSeqScans, type PlanNode } from "./plan-shape";

export const SEARCH_LARGE_TABLES: ReadonlySet<string> = new Set(["accounts", "sign_ups", "teammates", "api_keys", "password_integrations", "login_attempts"]);

export interface SearchPlan {
  indexes: string[];
  /** Large tables scanned sequentially: a benchmark fails on any. */
  seqScans: string[];
  /** The server's execution time, in milliseconds. */
  ms: number;
  /** EXPLAIN (ANALYZE, BUFFERS) as text, when asked for. */
  text: string;
}

export async function explainSearch(pool: pg.Pool, query: string, options: { codePointOrder: boolean; withText: boolean }): Promise<SearchPlan> {
  const statement = buildSearchStatement(classifyQuery(query), DEFAULT_SEARCH_LIMIT, options.codePointOrder);
  if (!statement) return { indexes: [], seqScans: [], ms: 0, text: "" };
  const json = await pool.query<{ "QUERY PLAN": { Plan: PlanNode; "Execution Time": number }[] }>(
    `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.text}`,
    statement.values,
  );
  const plan = json.rows[0]?.["QUERY PLAN"][0];
  if (!plan) return { indexes: [], seqScans: [], ms: 0, text: "" };
  const { indexes, seqScanned } = indexesAndSeqScans(plan.Plan);
  let text = "";
  if (options.withText) {
    const plain = await pool.query<{ "QUERY PLAN": string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.text}`, statement.values);
    text = plain.rows.map((r) => r["QUERY PLAN"]).join("\n");
  }
  return { indexes, seqScans: seqScanned.filter((t) => SEARCH_LARGE_TABLES.has(t)), ms: plan["Execution Time"], text };
}
