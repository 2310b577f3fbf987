// Where an interrupted import resumes. Written after each batch commits (atomically:
// write then rename), so it never claims more than the database holds. It can claim
// less (a crash between the commit and the write): the events after it are then sent
// again, and the ingest path's de-duplication by (source, event id) makes that harmless.
import { readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const checkpointSchema = z.object({
  version: z.literal(1),
  source: z.string(),
  file: z.string(),
  fileBytes: z.number().int().nonnegative(),
  fileModifiedMs: z.number(),
  /** Lines of the file fully handled (applied, duplicate or rejected). */
  linesDone: z.number().int().nonnegative(),
  accepted: z.number().int().nonnegative(),
  duplicate: z.number().int().nonnegative(),
  rejected: z.number().int().nonnegative(),
  updatedAt: z.string(),
});

export type Checkpoint = z.infer<typeof checkpointSchema>;
export type Counts = Pick<Checkpoint, "accepted" | "duplicate" | "rejected">;

export function checkpointPathFor(file: string): string {
  return `${file}.checkpoint.json`;
}

function identity(file: string) {
  const stat = statSync(file);
  return { file: path.resolve(file), fileBytes: stat.size, fileModifiedMs: stat.mtimeMs };
}

export type Resume = { kind: "fresh" } | { kind: "resume"; checkpoint: Checkpoint } | { kind: "mismatch"; why: string };

/** The checkpoint to resume from, if it belongs to this file (unchanged since) and source. */
export function readCheckpoint(checkpointPath: string, file: string, source: string): Resume {
  let raw: string;
  try {
    raw = readFileSync(checkpointPath, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "fresh" };
    throw error;
  }
  const parsed = checkpointSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) return { kind: "mismatch", why: `${checkpointPath} is not a checkpoint this importer wrote` };
  const now = identity(file);
  const cp = parsed.data;
  if (cp.source !== source) return { kind: "mismatch", why: `${checkpointPath} is for source "${cp.source}", not "${source}"` };
  if (cp.file !== now.file || cp.fileBytes !== now.fileBytes || cp.fileModifiedMs !== now.fileModifiedMs) {
    return { kind: "mismatch", why: `${file} changed since ${checkpointPath} was written` };
  }
  return { kind: "resume", checkpoint: cp };
}

export function writeCheckpoint(checkpointPath: string, file: string, source: string, linesDone: number, counts: Counts): void {
  const checkpoint: Checkpoint = { version: 1, source, ...identity(file), linesDone, ...counts, updatedAt: new Date().toISOString() };
  const temporary = `${checkpointPath}.tmp`;
  writeFileSync(temporary, JSON.stringify(checkpoint, null, 2) + "\n");
  renameSync(temporary, checkpointPath);
}

export function removeCheckpoint(checkpointPath: string): void {
  rmSync(checkpointPath, { force: true });
}
