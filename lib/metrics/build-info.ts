// console_build_info{version, commit, process}: which build each process runs, so a
// dashboard shows a half-finished rollout. The commit is the checkout's, when there is one.
//
// Not server-only: plain Node processes call this at start.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { metrics } from "./metrics";

export function recordBuildInfo(root: string, process: "web" | "worker" | "embedded"): void {
  let version = "unknown";
  let commit = "unknown";
  try {
    version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version?: string }).version ?? version;
  } catch {
    // No package.json beside the code: keep "unknown".
  }
  try {
    commit = execFileSync("git", ["rev-parse", "--short=12", "HEAD"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim() || commit;
  } catch {
    // Deployed without its git history: keep "unknown".
  }
  metrics().buildInfo.set({ version, commit, process }, 1);
}
