import { defineConfig } from "prisma/config";

// Prisma 7 no longer reads .env and env() throws when a variable is unset, which would
// break `prisma generate` on a machine with no database configured.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "" },
});
