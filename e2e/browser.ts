// The browser both Playwright configs launch. These machines cannot download Playwright's
// browsers: use the system Chromium when there is one (Debian's package, or
// CHROMIUM_PATH), and Playwright's own elsewhere; offline and as root, without the
// background traffic and the sandbox a desktop Chromium expects.
import { existsSync } from "node:fs";

const systemChromium = process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

export function chromiumLaunchOptions(extraArgs: readonly string[] = []): { executablePath?: string; args: string[] } {
  return {
    ...(systemChromium ? { executablePath: systemChromium } : {}),
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      ...extraArgs,
    ],
  };
}
