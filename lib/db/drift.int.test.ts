import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { diffMigrationsToSchema, SCHEMA_PATH } from "./migrations";

describe("schema drift", () => {
  it("prisma/schema.prisma and prisma/migrations describe the same database (run `npm run db:migration:new -- <name>` if this fails)", async () => {
    const drift = await diffMigrationsToSchema();
    expect(drift, `schema.prisma has changes no migration creates:\n${drift}`).toBe("");
  });

  it("notices a field added to the schema without a migration", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "drift-"));
    try {
      const schema = await readFile(SCHEMA_PATH, "utf8");
      const edited = schema.replace(/model Account \{\n/, "model Account {\n  nickname String?\n");
      expect(edited).not.toBe(schema);
      const editedPath = path.join(dir, "schema.prisma");
      await writeFile(editedPath, edited);
      const drift = await diffMigrationsToSchema(undefined, editedPath);
      expect(drift).toMatch(/ALTER TABLE "accounts" ADD COLUMN\s+"nickname" TEXT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
