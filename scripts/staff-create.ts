// npm run staff:create -- --email ops@example.com --name "Olga Ops" --role admin [--password-stdin]
// Creates a staff user on DATABASE_URL (or the embedded data folder): how a deployment
// gets its first admin without the demo seed, whose passwords are public. The password
// is generated and printed once, or read from standard input with --password-stdin
// (so it never sits in the shell history or the process list).
import { userInfo } from "node:os";
import { parseArgs } from "node:util";
import { createPrismaClient } from "@/lib/db/prisma";
import { openDatabase } from "@/lib/db/runtime";
import { bootstrapStaffUser } from "@/lib/staff/bootstrap";

const USAGE = 'usage: npm run staff:create -- --email <email> --name "<name>" --role agent|lead|admin [--password-stdin]';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline is what `echo` or a here-string adds, not part of the password.
  return Buffer.concat(chunks)
    .toString("utf8")
    .replace(/\r?\n$/, "");
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, "password-stdin": { type: "boolean", default: false } },
      strict: true,
    }));
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (!values.email || !values.name || !values.role) {
    console.error(USAGE);
    return 2;
  }
  const password = values["password-stdin"] ? await readStdin() : undefined;
  const database = await openDatabase().catch((error: unknown) => {
    console.error(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  });
  if (!database) return 1;
  const db = createPrismaClient(database.url, { max: 1 });
  try {
    const result = await bootstrapStaffUser(
      db,
      { email: values.email, name: values.name, role: values.role.toUpperCase(), password },
      { osUser: userInfo().username },
    );
    if (!result.ok) {
      console.error(result.message);
      return 1;
    }
    console.log(`created ${result.role.toLowerCase()} ${result.email} (${result.id})`);
    if (result.generatedPassword) {
      console.log(`initial password (shown once, not stored anywhere in clear): ${result.generatedPassword}`);
    }
    return 0;
  } finally {
    await db.$disconnect();
    await database.close();
  }
}

process.exitCode = await main();
