// `zcli apps:validate` and `zcli apps:package` (@zendesk/zcli 1.0.1) both need a Zendesk
// account's credentials: they send the app to Zendesk to validate it, so they cannot run
// offline or in CI. This checks the package against the manifest reference instead
// (developer.zendesk.com/apps/docs/apps-v2/manifest): required keys, the location,
// secure settings and the whitelist they need, signed URLs, translations, logo sizes.
import { existsSync, readFileSync } from "node:fs";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { appFiles, manifestFor, zip } from "./packaging";

/** Top-level manifest keys the reference documents (anything else is refused by Zendesk's validation). */
const DOCUMENTED_KEYS = new Set([
  "name",
  "author",
  "defaultLocale",
  "private",
  "location",
  "domainWhitelist",
  "signedUrls",
  "parameters",
  "version",
  "frameworkVersion",
  "singleInstall",
  "requirementsOnly",
  "marketingOnly",
  "oauth",
  "experiments",
]);
const PARAMETER_TYPES = new Set(["text", "password", "checkbox", "url", "number", "multiline", "hidden"]);

function unzip(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let at = 0;
  while (archive.readUInt32LE(at) === 0x04034b50) {
    const size = archive.readUInt32LE(at + 18);
    const nameLength = archive.readUInt16LE(at + 26);
    const name = archive.subarray(at + 30, at + 30 + nameLength).toString("utf8");
    files.set(name, inflateRawSync(archive.subarray(at + 30 + nameLength, at + 30 + nameLength + size)));
    at += 30 + nameLength + size;
  }
  return files;
}

const pngSize = (png: Buffer) => ({ width: png.readUInt32BE(16), height: png.readUInt32BE(20) });

describe("the Zendesk app package", () => {
  const manifest = manifestFor("https://console.acme.test");

  it("has only documented manifest keys, with the required ones", () => {
    for (const key of Object.keys(manifest)) expect(DOCUMENTED_KEYS, key).toContain(key);
    expect(manifest.author.name && manifest.author.email && manifest.author.url).toBeTruthy();
    expect(manifest.frameworkVersion).toBe("2.0");
    expect(manifest.version).toMatch(/^\d+\.\d+(\.\d+)?$/);
    expect(manifest.defaultLocale).toBe("en");
  });

  it("puts the sidebar on the console's page, signed by Zendesk, the token a secure setting the console's host is whitelisted for", () => {
    expect(manifest.location.support.ticket_sidebar.url).toBe("https://console.acme.test/integrations/zendesk/sidebar");
    expect(manifest.signedUrls).toBe(true);
    const secure = manifest.parameters.filter((p) => p.secure);
    expect(secure.map((p) => p.name)).toEqual(["console_token"]);
    for (const p of manifest.parameters) expect(PARAMETER_TYPES, p.name).toContain(p.type);
    // Zendesk substitutes secure settings only in requests to whitelisted domains.
    expect(manifest.domainWhitelist).toEqual(["console.acme.test"]);
  });

  it("refuses a console address that is not an https origin", () => {
    expect(() => manifestFor("http://console.acme.test")).toThrow(/https origin/);
    expect(() => manifestFor("https://console.acme.test/sub")).toThrow(/https origin/);
  });

  it("zips the manifest, the translations every parameter is labelled in, and both logos at Zendesk's sizes", () => {
    const files = unzip(zip(appFiles("https://console.acme.test")));
    expect([...files.keys()]).toEqual(["manifest.json", "translations/en.json", "assets/logo.png", "assets/logo-small.png"]);
    expect(JSON.parse(files.get("manifest.json")?.toString() ?? "{}")).toEqual(manifest);
    const en = JSON.parse(files.get("translations/en.json")?.toString() ?? "{}") as { app: { name: string; parameters: Record<string, { label: string }> } };
    expect(en.app.name).toBeTruthy();
    for (const p of manifest.parameters) expect(en.app.parameters[p.name]?.label, p.name).toBeTruthy();
    expect(pngSize(files.get("assets/logo.png") ?? Buffer.alloc(24))).toEqual({ width: 320, height: 320 });
    expect(pngSize(files.get("assets/logo-small.png") ?? Buffer.alloc(24))).toEqual({ width: 128, height: 128 });
  });

  it("is built on the Apps framework SDK from npm", () => {
    const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8")) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.zendesk_app_framework_sdk).toBe("2.0.11");
    expect(existsSync(new URL("./package-lock.json", import.meta.url))).toBe(true);
  });
});
