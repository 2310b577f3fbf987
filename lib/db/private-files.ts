// The embedded database's folder holds the whole database, the generated AUTH_SECRET and
// the database's socket (which needs no password): only the user running the console
// may read any of it. PGlite writes a new data folder's ~1,000 files with mode 0666
// whatever the umask, and installs from before this rule have them so too.
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/** For processes that create the data folder's files: new files 0600, folders 0700. */
export const OWNER_ONLY_UMASK = 0o077;

/** Creates `dir` (and missing parents) for the owner only, or tightens it; refuses someone else's folder. */
export function makePrivateDir(dir: string): string {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = statSync(dir);
  if (!stat.isDirectory()) throw new Error(`${dir} is not a folder`);
  const uid = process.getuid?.();
  if (uid !== undefined && stat.uid !== uid) {
    throw new Error(`${dir} belongs to another user (uid ${stat.uid}): the console keeps its data and database socket in folders only it can open`);
  }
  if ((stat.mode & 0o777) !== 0o700) chmodSync(dir, 0o700);
  return dir;
}

/** `chmod -R go-rwx root` without following symbolic links. */
export function restrictToOwner(root: string): void {
  let stat;
  try {
    stat = lstatSync(root);
  } catch (error) {
    // Removed while we walked (PGlite deletes temporary files): nothing left to protect.
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (stat.isSymbolicLink()) return;
  if (stat.mode & 0o077) chmodSync(root, stat.mode & 0o700);
  if (stat.isDirectory()) {
    for (const entry of readdirSync(root)) restrictToOwner(path.join(root, entry));
  }
}
