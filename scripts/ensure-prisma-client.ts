// Preloaded by the npm scripts whose entry imports the generated Prisma client
// (`tsx --import ./scripts/ensure-prisma-client.ts scripts/start.ts`): Node evaluates
// an --import module before it resolves the entry's static imports, so a fresh clone's
// `npm ci && npm start` generates the client first instead of failing with
// ERR_MODULE_NOT_FOUND. It imports nothing that needs the client itself.
import { ensurePrismaClient } from "./prisma-client";

ensurePrismaClient();
