import { describe, expect, it } from "vitest";
import { isLoopbackHost, resolveLaunchConfig, webServerNodeFlags, type LaunchConfig } from "./launch-config";

const CWD = "/srv/console";
const DEFAULT_DATA_DIR = "/srv/console/.data";

function config(argv: string[], env: Record<string, string>): LaunchConfig {
  const result = resolveLaunchConfig(argv, env, CWD);
  if (!result.ok) throw new Error(`refused: ${result.message}`);
  return result.config;
}

describe("embedded mode (no DATABASE_URL)", () => {
  it("serves on 127.0.0.1 only by default: the demo staff passwords are public", () => {
    expect(config([], {})).toMatchObject({ embedded: true, host: "127.0.0.1", port: 3000, dataDir: DEFAULT_DATA_DIR, warnings: [] });
  });

  it("binds where HOST says, with a warning when that is not loopback", () => {
    expect(config([], { HOST: "::1" })).toMatchObject({ host: "::1", warnings: [] });
    const everywhere = config([], { HOST: "0.0.0.0" });
    expect(everywhere.host).toBe("0.0.0.0");
    expect(everywhere.warnings.join(" ")).toContain("reachable from other machines");
  });

  it("refuses NODE_ENV=production and says to set DATABASE_URL", () => {
    const result = resolveLaunchConfig([], { NODE_ENV: "production" }, CWD);
    expect(result.ok).toBe(false);
    expect(result.ok ? "" : result.message).toMatch(/local demo.*Set DATABASE_URL/);
    expect(resolveLaunchConfig(["--dev"], { NODE_ENV: "production", DATABASE_URL: "" }, CWD).ok).toBe(false);
  });

  it("runs with any other NODE_ENV", () => {
    expect(config([], { NODE_ENV: "development" }).embedded).toBe(true);
    expect(config([], { NODE_ENV: "test" }).embedded).toBe(true);
  });
});

describe("with DATABASE_URL", () => {
  const env = { DATABASE_URL: "postgresql://console@db.internal/console" };

  it("runs in production and listens on every interface unless HOST says otherwise", () => {
    expect(config([], { ...env, NODE_ENV: "production" })).toMatchObject({ embedded: false, host: undefined, warnings: [] });
    expect(config([], { ...env, HOST: "10.0.0.5" }).host).toBe("10.0.0.5");
  });
});

describe("command line", () => {
  it("takes --port, --data-dir, --dev and --no-seed over the environment", () => {
    expect(config(["--port", "3300", "--data-dir", "/tmp/e2e", "--dev", "--no-seed"], { PORT: "4000", CONSOLE_DATA_DIR: "/x" })).toMatchObject({
      port: 3300,
      dataDir: "/tmp/e2e",
      dev: true,
      seed: false,
    });
    expect(config([], { PORT: "4000", CONSOLE_DATA_DIR: "/x" })).toMatchObject({ port: 4000, dataDir: "/x" });
    // A relative folder is the project's (npm runs scripts there).
    expect(config(["--data-dir", ".data/e2e"], {}).dataDir).toBe("/srv/console/.data/e2e");
  });

  it("refuses a bad environment through lib/config, naming every bad variable in one message", () => {
    const result = resolveLaunchConfig([], { PORT: "30o0", SESSION_MAX_AGE_HOURS: "forever" }, CWD);
    expect(result.ok ? "" : result.message).toMatch(
      /2 bad variables:\n  - SESSION_MAX_AGE_HOURS: .*\n  - PORT: |2 bad variables:\n  - PORT: .*\n  - SESSION_MAX_AGE_HOURS: /,
    );
  });

  it("refuses a port that is not one, and unknown options", () => {
    for (const port of ["0", "65536", "30o0", "-1", ""]) expect(resolveLaunchConfig(["--port", port], {}, CWD).ok).toBe(false);
    expect(resolveLaunchConfig(["--hots", "x"], {}, CWD).ok).toBe(false);
  });
});

describe("isLoopbackHost", () => {
  it("knows loopback names and addresses", () => {
    for (const host of ["localhost", "127.0.0.1", "127.1.2.3", "::1"]) expect(isLoopbackHost(host)).toBe(true);
    for (const host of ["0.0.0.0", "::", "192.168.1.10", "console.example"]) expect(isLoopbackHost(host)).toBe(false);
  });
});

describe("--simulate", () => {
  it("runs the platform simulator on the embedded demo, at 20 events/s unless told otherwise", () => {
    expect(config([], {}).simulateRate).toBeNull();
    expect(config(["--simulate"], {}).simulateRate).toBe(20);
    expect(config(["--simulate-rate", "200"], {}).simulateRate).toBe(200);
  });

  it("refuses to invent customers in a real deployment's database, and a rate that is not a number", () => {
    const onServer = resolveLaunchConfig(["--simulate"], { DATABASE_URL: "postgresql://db/console" }, CWD);
    expect(onServer.ok ? "" : onServer.message).toMatch(/only on the embedded demo/);
    expect(resolveLaunchConfig(["--simulate-rate", "fast"], {}, CWD).ok).toBe(false);
    expect(resolveLaunchConfig(["--simulate-rate", "0"], {}, CWD).ok).toBe(false);
  });
});

describe("DATABASE_READ_URL", () => {
  const primary = { DATABASE_URL: "postgresql://console@db.internal/console" };

  it("is used beside DATABASE_URL", () => {
    expect(config([], { ...primary, DATABASE_READ_URL: "postgresql://console@replica.internal/console" }).readReplica).toBe(true);
    expect(config([], { ...primary, DATABASE_READ_URL: "postgres://console@replica.internal:5433/console" }).readReplica).toBe(true);
    expect(config([], { ...primary, DATABASE_READ_URL: " " }).readReplica).toBe(false);
    expect(config([], primary).readReplica).toBe(false);
  });

  it("is refused in embedded mode, which has no replicas, saying what to do", () => {
    const result = resolveLaunchConfig([], { DATABASE_READ_URL: "postgresql://console@replica.internal/console" }, CWD);
    expect(result.ok ? "" : result.message).toMatch(/DATABASE_URL is not.*no read replicas.*Unset DATABASE_READ_URL/);
  });

  it("is refused when it is not a postgresql:// URL, without repeating it (it may hold a password)", () => {
    for (const bad of ["replica.internal:5432", "mysql://u:s3cret-pw@replica/console", "host=replica password=s3cret-pw"]) {
      const result = resolveLaunchConfig([], { ...primary, DATABASE_READ_URL: bad }, CWD);
      expect(result.ok, bad).toBe(false);
      expect(result.ok ? "" : result.message).toMatch(/DATABASE_READ_URL/);
      expect(result.ok ? "" : result.message).not.toMatch(/s3cret/);
    }
  });
});

describe("the web server's Node flags", () => {
  it("give the server a 64 MB young generation unless NODE_OPTIONS sets its own", () => {
    expect(webServerNodeFlags({})).toEqual(["--max-semi-space-size=64"]);
    expect(webServerNodeFlags({ NODE_OPTIONS: "--max-old-space-size=4096" })).toEqual(["--max-semi-space-size=64"]);
    expect(webServerNodeFlags({ NODE_OPTIONS: "--max-semi-space-size=16" })).toEqual([]);
  });
});
