import { describe, expect, it } from "vitest";
import { describeShape, judgePlan, type PlanNode } from "./plan-shape";

const sizes = new Map([
  ["teammates", 3_500_000],
  ["accounts", 1_000_000],
  ["account_flag_facts", 1_000_000],
  ["login_attempts_p202611", 1_700_000],
  ["login_attempts_p202612", 0],
  ["staff_users", 12],
]);

const limitOver = (...plans: PlanNode[]): PlanNode => ({ "Node Type": "Limit", Plans: [{ "Node Type": "Nested Loop", Plans: plans }] });

describe("plan shapes", () => {
  it("accepts a page read from one end of an index and stopped by its LIMIT", () => {
    const shape = judgePlan(
      limitOver(
        { "Node Type": "Index Scan", "Relation Name": "teammates", "Index Name": "teammates_account_id_id_idx", "Actual Rows": 51, "Actual Loops": 1 },
        {
          "Node Type": "Index Scan",
          "Relation Name": "accounts",
          "Index Name": "accounts_pkey",
          "Index Cond": "(id = t.account_id)",
          "Actual Rows": 1,
          "Actual Loops": 51,
        },
      ),
      sizes,
    );
    expect(shape.problems).toEqual([]);
    expect(describeShape(shape)).toBe("teammates_account_id_id_idx walk 51, accounts_pkey 51 in 51 loops");
  });

  it("fails the walk through every teammate that a rare flag once caused", () => {
    const shape = judgePlan(
      limitOver({
        "Node Type": "Index Scan",
        "Relation Name": "teammates",
        "Index Name": "teammates_account_id_id_idx",
        "Actual Rows": 0,
        "Rows Removed by Filter": 3_500_000,
        "Actual Loops": 1,
      }),
      sizes,
    );
    expect(shape.problems).toEqual(["full-index walk of teammates_account_id_id_idx on teammates (3,500,000 rows): 3,500,000 rows"]);
  });

  it("takes an index condition of IS NOT NULL alone for what it is: a walk", () => {
    const shape = judgePlan(
      limitOver({
        "Node Type": "Index Scan",
        "Relation Name": "teammates",
        "Index Name": "teammates_last_login_at_id_idx",
        "Index Cond": "(last_login_at IS NOT NULL)",
        "Actual Rows": 51,
        "Rows Removed by Filter": 40_000,
        "Actual Loops": 1,
      }),
      sizes,
    );
    expect(shape.problems).toEqual(["full-index walk of teammates_last_login_at_id_idx on teammates (3,500,000 rows): 40,051 rows"]);
  });

  it("fails a sequential scan of a large table (a partition counts by its own size) but not of a small one", () => {
    const shape = judgePlan(
      {
        "Node Type": "Hash Join",
        Plans: [
          { "Node Type": "Seq Scan", "Relation Name": "login_attempts_p202611", "Actual Rows": 100, "Rows Removed by Filter": 1_699_900, "Actual Loops": 1 },
          { "Node Type": "Seq Scan", "Relation Name": "login_attempts_p202612", "Actual Rows": 0, "Actual Loops": 1 },
          { "Node Type": "Seq Scan", "Relation Name": "staff_users", "Actual Rows": 12, "Actual Loops": 1 },
        ],
      },
      sizes,
    );
    expect(shape.problems).toEqual(["sequential scan of login_attempts_p202611 (1,700,000 rows)"]);
    expect(describeShape(shape)).toBe("SEQ SCAN login_attempts_p* 1700000 in 2 loops, SEQ SCAN staff_users 12");
  });

  it("counts a bitmap index scan against the table of the heap scan above it, and only notes a bounded scan that reads a lot", () => {
    const shape = judgePlan(
      {
        "Node Type": "Bitmap Heap Scan",
        "Relation Name": "account_flag_facts",
        "Recheck Cond": "(full_access >= 2)",
        "Actual Rows": 600_000,
        "Actual Loops": 1,
        Plans: [
          {
            "Node Type": "Bitmap Index Scan",
            "Index Name": "account_flag_facts_several_admins_idx",
            "Index Cond": "(full_access >= 2)",
            "Actual Rows": 600_000,
            "Actual Loops": 1,
          },
        ],
      },
      sizes,
    );
    expect(shape.problems).toEqual([]);
    expect(shape.notes).toHaveLength(2);
    expect(shape.scans.map((s) => s.relation)).toEqual(["account_flag_facts", "account_flag_facts"]);
  });
});
