// npm run zendesk:build: bundles the Zendesk sidebar's script (integrations/zendesk/src,
// with the Apps framework SDK from npm) into public/integrations/zendesk/, which the
// console serves beside the sidebar's page. Part of `npm run build`.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { build } from "esbuild";

const app = "integrations/zendesk";
// The SDK is the sidebar's own dependency (its package.json), not the console's.
if (!existsSync(`${app}/node_modules/zendesk_app_framework_sdk`)) {
  execFileSync("npm", ["ci", "--prefix", app, "--no-audit", "--no-fund"], { stdio: "inherit" });
}
const out = "public/integrations/zendesk";
mkdirSync(out, { recursive: true });
await build({
  entryPoints: [`${app}/src/sidebar.ts`],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: `${out}/sidebar.js`,
  nodePaths: [`${app}/node_modules`],
  logLevel: "warning",
});
copyFileSync(`${app}/src/sidebar.css`, `${out}/sidebar.css`);
console.log(`${out}/sidebar.js and sidebar.css built`);
