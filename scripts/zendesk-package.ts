// npm run zendesk:package -- https://console.example.com
// Writes integrations/zendesk/dist/access-console-zendesk.zip (the private app to upload)
// and the same files unzipped beside it (for `zcli apps:validate`). docs/helpdesk.md.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { appFiles, zip } from "@/integrations/zendesk/packaging";

const consoleUrl = process.argv[2] ?? "";
if (!consoleUrl) {
  console.error("usage: npm run zendesk:package -- https://console.example.com (the console's public https address)");
  process.exit(2);
}
const files = appFiles(consoleUrl);
const out = "integrations/zendesk/dist";
rmSync(out, { recursive: true, force: true });
for (const file of files) {
  mkdirSync(dirname(join(out, "app", file.path)), { recursive: true });
  writeFileSync(join(out, "app", file.path), file.data);
}
writeFileSync(join(out, "access-console-zendesk.zip"), zip(files));
console.log(`${out}/access-console-zendesk.zip: upload it in Zendesk (Admin Center > Apps and integrations > Zendesk Support apps > Upload private app)`);
