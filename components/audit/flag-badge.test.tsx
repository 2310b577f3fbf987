// A flag's look follows its risk: each risk its own colour, the high ones marked with a
// triangle as well (colour alone is not enough), and the risk said to screen readers.
import { cleanup, render } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { FLAGS, TEAMMATE_FLAGS } from "@/lib/model/teammate-flags";
import { FlagBadge } from "./flag-badge";

afterEach(cleanup);

function badge(flag: (typeof TEAMMATE_FLAGS)[number]) {
  const { container } = render(<FlagBadge flag={flag} />);
  const root = container.firstElementChild;
  const html = { className: root?.className ?? "", text: root?.textContent ?? "" };
  cleanup();
  return html;
}

it("gives each risk its own colour and says it", () => {
  const classByRisk = new Map<string, Set<string>>();
  for (const flag of TEAMMATE_FLAGS) {
    const { className, text } = badge(flag);
    classByRisk.set(FLAGS[flag].risk, (classByRisk.get(FLAGS[flag].risk) ?? new Set()).add(className));
    expect(text).toContain(FLAGS[flag].label);
    expect(text.startsWith(FLAGS[flag].risk === "high" ? "High risk: ▲" : FLAGS[flag].risk === "medium" ? "Review: " : "Low risk: ")).toBe(true);
  }
  // One look per risk, and no two risks alike.
  for (const classes of classByRisk.values()) expect(classes.size).toBe(1);
  expect(new Set([...classByRisk.values()].map((c) => [...c][0])).size).toBe(classByRisk.size);
});
