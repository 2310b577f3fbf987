// npm run zendesk:token: a new integration token for the Zendesk app (docs/helpdesk.md).
// The token goes into the app's "Console integration token" secure setting in Zendesk;
// only its SHA-256 goes into the console's ZENDESK_INTEGRATION_TOKEN_SHA256, so the
// console never stores the token itself.
import { createHash, randomBytes } from "node:crypto";

const token = `acs_zd_${randomBytes(24).toString("base64url")}`;
console.log(`token (paste into Zendesk's app settings, then forget it):\n  ${token}`);
console.log(`ZENDESK_INTEGRATION_TOKEN_SHA256=${createHash("sha256").update(token).digest("hex")}`);
