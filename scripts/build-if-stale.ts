// `npm run test:e2e` builds only when the sources changed since the last build (the same
// fingerprint `npm start` trusts), so CI's fresh-clone start and the e2e run share one
// `next build` instead of making two identical ones.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { buildIsCurrent } from "./build-fingerprint";

const root = path.resolve(import.meta.dirname, "..");
if (buildIsCurrent(root)) {
  console.log("[build] the build is current (sources unchanged since it was made): not rebuilding");
} else {
  const result = spawnSync("npm", ["run", "build"], { cwd: root, stdio: "inherit" });
  process.exit(result.status ?? 1);
}
