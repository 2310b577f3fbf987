// npm run db:migration:new -- <name>
// Writes the SQL that takes the migrations to schema.prisma as a new migration.
import { createMigration } from "@/lib/db/migrations";

const name = process.argv[2];
if (!name) {
  console.error("usage: npm run db:migration:new -- <name>   (lower-case letters, digits and _)");
  process.exit(2);
}
const folder = await createMigration(name);
console.log(
  folder ? `wrote ${folder}/migration.sql: review it, then commit it with schema.prisma` : "schema.prisma and the migrations agree: nothing to write",
);
