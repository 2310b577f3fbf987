import { mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prismaClientIsStale } from "./prisma-client";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function files(): { client: string; schema: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "prisma-client-test-"));
  dirs.push(dir);
  const schema = path.join(dir, "schema.prisma");
  writeFileSync(schema, "// schema");
  return { client: path.join(dir, "client.ts"), schema };
}

const at = (file: string, seconds: number) => utimesSync(file, seconds, seconds);

describe("prismaClientIsStale", () => {
  it("asks for generation on a fresh clone, where there is no client yet", () => {
    const { client, schema } = files();
    expect(prismaClientIsStale(client, schema)).toBe(true);
  });

  it("asks for generation when schema.prisma changed after the client was generated", () => {
    const { client, schema } = files();
    writeFileSync(client, "// client");
    at(client, 1_000);
    at(schema, 2_000);
    expect(prismaClientIsStale(client, schema)).toBe(true);
  });

  it("leaves a client generated after the last schema change alone", () => {
    const { client, schema } = files();
    writeFileSync(client, "// client");
    at(schema, 1_000);
    at(client, 2_000);
    expect(prismaClientIsStale(client, schema)).toBe(false);
  });
});
