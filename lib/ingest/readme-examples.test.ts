// The platform API doc's one-example-per-type block is documentation a sender's engineer will paste:
// every type of the catalogue has an example, and each one is valid data for its type.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_CATALOGUE, EVENT_TYPES, isEventType } from "./catalogue";

const readme = readFileSync(path.resolve(import.meta.dirname, "../../docs/platform-api.md"), "utf8");
const examples = [...readme.matchAll(/^send ([a-z_.]+) '(.+)'$/gm)].map((m) => ({ type: m[1] ?? "", data: m[2] ?? "" }));

describe("docs/platform-api.md: one curl example per event type", () => {
  it("covers every type in the catalogue, once", () => {
    expect(examples.map((e) => e.type).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it.each(examples)("$type: the example's data passes the type's schema", ({ type, data }) => {
    expect(isEventType(type)).toBe(true);
    if (!isEventType(type)) return;
    const parsed = EVENT_CATALOGUE[type].schema.safeParse(JSON.parse(data));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });
});
