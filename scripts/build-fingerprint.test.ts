// The build is reused while the fingerprint holds (`npm start`, `npm run test:e2e`): every
// file compiled into it must count, or a change to it runs a stale build.
import { mkdtempSync, mkdirSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sourceFingerprint } from "./build-fingerprint";

describe("the build's source fingerprint", () => {
  it.each(["proxy.ts", "instrumentation.ts", "next.config.js", "app/page.tsx", "lib/config.ts", "integrations/zendesk/src/sidebar.ts"])(
    "changes when %s changes",
    (file) => {
      const root = mkdtempSync(path.join(tmpdir(), "fingerprint-"));
      mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      writeFileSync(path.join(root, file), "one");
      const before = sourceFingerprint(root);
      writeFileSync(path.join(root, file), "two!");
      utimesSync(path.join(root, file), new Date(), new Date(Date.now() + 5000));
      expect(sourceFingerprint(root)).not.toBe(before);
    },
  );
});
