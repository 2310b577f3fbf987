// The lint rule that keeps times on screen in the reader's zone (eslint.config.mjs: only
// lib/time/zone-time.ts formats times for app/ and components/). Run with the project's
// own configuration, on probe sources that are never written to disk.
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";

// The probes are not files of the TypeScript project, so the type-aware rules (which this
// test is not about) are switched off for them; every other rule is the project's.
const eslint = new ESLint({
  cwd: process.cwd(),
  overrideConfig: [{ ...tseslint.configs.disableTypeChecked, languageOptions: { parserOptions: { projectService: false, program: null, project: null } } }],
});

async function timeRuleMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  const fatal = (result?.messages ?? []).filter((m) => m.fatal);
  if (fatal.length > 0) throw new Error(fatal.map((m) => m.message).join("; "));
  return (result?.messages ?? []).filter((m) => m.ruleId === "no-restricted-syntax").map((m) => m.message);
}

describe("times only through the zone-aware formatter", () => {
  it.each([
    ["a bare toLocaleString()", "export const f = (d: Date) => d.toLocaleString();"],
    ["toLocaleDateString", 'export const f = (d: Date) => d.toLocaleDateString("en-GB");'],
    ["Intl.DateTimeFormat", 'export const f = (d: Date) => new Intl.DateTimeFormat("en-GB").format(d);'],
    ["an ISO string cut into a clock", 'export const f = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;'],
  ])(
    "refuses %s in a component",
    async (_name, code) => {
      const messages = await timeRuleMessages(code, "components/ui/time-probe.tsx");
      expect(messages).toHaveLength(1);
      expect(messages[0]).toContain("@/lib/time/zone-time");
    },
    120_000,
  );

  it("lets numbers with a locale, and the formatter module itself, through", async () => {
    expect(await timeRuleMessages('export const f = (n: number) => n.toLocaleString("en-US");', "components/ui/time-probe.tsx")).toEqual([]);
    expect(await timeRuleMessages('export const f = (d: Date) => new Intl.DateTimeFormat("en-GB").format(d);', "lib/time/time-probe.ts")).toEqual([]);
  }, 120_000);
});
