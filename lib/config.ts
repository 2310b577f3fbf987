// The console's configuration: every environment variable it reads, with its type,
// default and bounds, in one zod object. The launcher and the worker parse it once at
// start and refuse to run with one message that names every bad variable; everything
// else reads `config()`. docs/configuration.md and .env.example list exactly these
// variables (lib/config.test.ts checks both).
//
// Not server-only: the launcher, the worker and the scripts run this in plain Node. It
// holds secrets, so nothing here may be sent to a client: pages read the one field they
// need on the server.
import { z } from "zod";

const text = () => z.string().trim().min(1);
const optionalText = () =>
  z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .optional();
const postgresUrl = () =>
  optionalText().refine((value) => value === undefined || /^postgres(ql)?:\/\//.test(value), "must be a postgres:// or postgresql:// connection string");
const httpUrl = () => text().refine((value) => URL.canParse(value) && /^https?:$/.test(new URL(value).protocol), "must be an http:// or https:// URL");
/** A whole number from the environment ("15", not "15s" or "1e1"), within bounds. */
const wholeNumber = (min: number, max: number, fallback: number) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return fallback;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        ctx.addIssue({ code: "custom", message: `must be a whole number from ${min} to ${max}, not "${value}"` });
        return z.NEVER;
      }
      return Number(value);
    });
const flag = (on: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined || value === "") return false;
      if (value === on) return true;
      ctx.addIssue({ code: "custom", message: `must be "${on}" or unset, not "${value}"` });
      return z.NEVER;
    });

/**
 * What an operator sets. Each key is an environment variable; `describe` is the text the
 * configuration doc's table carries (the test checks the names, the doc the words).
 */
export const configSchema = z.object({
  // Databases
  DATABASE_URL: postgresUrl().describe("PostgreSQL connection string; unset = embedded PGlite in .data/"),
  DATABASE_READ_URL: postgresUrl().describe("a streaming replica for lag-tolerant reads"),
  READ_YOUR_WRITES_SECONDS: wholeNumber(0, 600, 15),
  MIGRATION_DATABASE_URL: postgresUrl(),
  DATABASE_PREPARED_STATEMENTS: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.enum(["on", "off"]).optional())
    .transform((value) => value !== "off")
    .describe("off behind a transaction-pooling PgBouncer older than 1.21"),
  APP_DB_ROLE: optionalText()
    .refine((value) => value === undefined || /^[a-z_][a-z0-9_]{0,62}$/.test(value), "must be a lower-case SQL identifier")
    .transform((value) => value ?? "console_app"),
  APP_DB_PASSWORD: optionalText().refine(
    (value) => value === undefined || (value.length >= 16 && /^[\x21-\x7e]+$/.test(value)),
    "must be at least 16 printable ASCII characters",
  ),
  CONSOLE_DATA_DIR: optionalText().transform((value) => value ?? ".data"),
  LOGIN_ATTEMPT_RETENTION_DAYS: wholeNumber(1, 36_500, 400),
  INGEST_DEDUP_DAYS: wholeNumber(1, 3_650, 30),
  INGEST_PARKED_DAYS: wholeNumber(1, 3_650, 30),
  INGEST_MAX_CLOCK_SKEW_SECONDS: wholeNumber(0, 86_400, 300),
  // The web server
  PORT: wholeNumber(1, 65_535, 3000),
  HOST: optionalText(),
  NODE_ENV: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.enum(["development", "production", "test"]).optional()),
  TRUSTED_PROXY_HOPS: wholeNumber(0, 10, 0),
  // Metrics and health (docs/operations.md#metrics): a listener apart from the public one
  METRICS_HOST: optionalText()
    .describe("the address the metrics listeners bind to")
    .transform((value) => value ?? "127.0.0.1"),
  METRICS_PORT: wholeNumber(0, 65_535, 9464).describe("the web server's metrics port (0: any free port)"),
  WORKER_METRICS_PORT: wholeNumber(0, 65_535, 9465).describe("the worker's (or embedded launcher's) metrics and health port (0: any free port)"),
  SHUTDOWN_GRACE_MS: wholeNumber(0, 600_000, 20_000).describe("how long a stopping web server waits for requests in flight"),
  // Staff sign-in
  AUTH_SECRET: optionalText().refine((value) => value === undefined || value.length >= 32, "must be at least 32 characters (openssl rand -base64 33)"),
  AUTH_SECRET_1: optionalText().describe("a previous AUTH_SECRET, still accepted while sessions signed with it live"),
  AUTH_SECRET_2: optionalText(),
  AUTH_SECRET_3: optionalText(),
  AUTH_TRUST_HOST: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.enum(["true", "false"]).optional())
    .transform((value) => value === "true"),
  AUTH_URL: optionalText().refine((value) => value === undefined || URL.canParse(value), "must be the console's public URL"),
  SESSION_MAX_AGE_HOURS: wholeNumber(1, 168, 8),
  ALLOW_DEMO_STAFF: flag("1"),
  AUTH_OIDC_ISSUER: optionalText().refine((value) => value === undefined || URL.canParse(value), "must be the identity provider's issuer URL"),
  AUTH_OIDC_CLIENT_ID: optionalText(),
  AUTH_OIDC_CLIENT_SECRET: optionalText(),
  AUTH_OIDC_NAME: optionalText().transform((value) => value ?? "single sign-on"),
  // Customer emails
  SMTP_URL: optionalText().refine((value) => value === undefined || /^smtps?:\/\//.test(value), "must be an smtp:// or smtps:// URL"),
  EMAIL_FROM: optionalText().transform((value) => value ?? "Support <support@platform.example>"),
  CUSTOMER_APP_URL: httpUrl()
    .optional()
    .transform((value) => (value ?? "https://app.example.com").replace(/\/+$/, "")),
  OUTBOX_SECRET: optionalText(),
  RECOVERY_LIMIT_PER_ACCOUNT_HOUR: wholeNumber(1, 1_000, 3),
  RECOVERY_LIMIT_PER_AGENT_HOUR: wholeNumber(1, 10_000, 30),
  RESET_TOKEN_TTL_MINUTES: wholeNumber(5, 1_440, 60),
  CONFIRMATION_TOKEN_TTL_HOURS: wholeNumber(1, 720, 72),
  OUTBOX_BATCH_SIZE: wholeNumber(1, 1_000, 10),
  OUTBOX_MAX_ATTEMPTS: wholeNumber(1, 100, 8),
  OUTBOX_LEASE_MS: wholeNumber(1_000, 3_600_000, 300_000),
  OUTBOX_POLL_MS: wholeNumber(50, 60_000, 1_000),
  // Watch live
  WATCH_LIVE_POLL_MS: wholeNumber(100, 60_000, 500),
  WATCH_LIVE_MAX_STREAMS: wholeNumber(1, 100_000, 50),
  WATCH_LIVE_RECHECK_MS: wholeNumber(100, 600_000, 15_000),
  // Tracing (OpenTelemetry's standard names; lib/telemetry/tracing.ts)
  OTEL_EXPORTER_OTLP_ENDPOINT: optionalText()
    .refine((value) => value === undefined || (URL.canParse(value) && /^https?:$/.test(new URL(value).protocol)), "must be an http:// or https:// URL")
    .describe("the OTLP/HTTP collector; unset = no tracing"),
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.enum(["http/protobuf", "http/json"], { message: 'must be "http/protobuf" or "http/json" (gRPC is not supported)' }).optional())
    .transform((value) => value ?? "http/protobuf"),
  OTEL_EXPORTER_OTLP_HEADERS: optionalText(),
  OTEL_SERVICE_NAME: optionalText().transform((value) => value ?? "access-console"),
  OTEL_TRACES_EXPORTER: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(z.enum(["otlp", "console", "none"], { message: 'must be "otlp", "console" or "none"' }).optional()),
  // Zendesk ticket sidebar (docs/helpdesk.md): all four together turn it on.
  ZENDESK_ORIGIN: optionalText().refine((value) => value === undefined || /^https?:\/\/[^/]+$/.test(value), "must be an origin like https://acme.zendesk.com"),
  ZENDESK_APP_AUDIENCE: optionalText().refine((value) => value === undefined || URL.canParse(value), "must be the installation's URL"),
  ZENDESK_APP_PUBLIC_KEY: optionalText().transform((value) => value?.replace(/\\n/g, "\n")),
  ZENDESK_INTEGRATION_TOKEN_SHA256: optionalText().refine((value) => value === undefined || /^[0-9a-f]{64}$/.test(value), "must be 64 lower-case hex digits"),
  ZENDESK_AGENTS: optionalText().refine(
    (value) => value === undefined || value.split(",").every((pair) => /^\s*\d{1,20}\s*=\s*[^\s=,]+@[^\s=,]+\s*$/.test(pair)),
    "must be <zendesk user id>=<staff email>, comma-separated",
  ),
  // The staff API (docs/staff-api.md): closed to browsers unless origins are listed.
  STAFF_API_CORS_ORIGINS: optionalText()
    .refine(
      (value) => value === undefined || value.split(",").every((o) => /^https?:\/\/[^/\s]+$/.test(o.trim())),
      "must be origins like https://helpdesk.example, comma-separated",
    )
    .transform((value) => (value ? value.split(",").map((o) => o.trim()) : [])),
  STAFF_API_RATE_PER_MINUTE: wholeNumber(1, 100_000, 120),
});

/**
 * Set by the console's own processes for their children, never by an operator: which
 * database the web server was handed, whether the demo mail catcher runs, whether our own
 * HTTP server stamps the peer address. Not documented as settings on purpose.
 */
export const internalSchema = z.object({
  CONSOLE_DATABASE_MODE: z.enum(["embedded", "server"]).optional(),
  CONSOLE_MAIL_CATCHER: z.enum(["on"]).optional(),
  CONSOLE_PEER_STAMPED: z.enum(["1"]).optional(),
});

const fullSchema = configSchema.extend(internalSchema.shape).superRefine((c, ctx) => {
  const sso = [c.AUTH_OIDC_ISSUER, c.AUTH_OIDC_CLIENT_ID, c.AUTH_OIDC_CLIENT_SECRET];
  if (sso.some((v) => v !== undefined) && sso.some((v) => v === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["AUTH_OIDC_ISSUER"],
      message: "single sign-on needs AUTH_OIDC_ISSUER, AUTH_OIDC_CLIENT_ID and AUTH_OIDC_CLIENT_SECRET together",
    });
  }
  const zendesk = [c.ZENDESK_ORIGIN, c.ZENDESK_APP_AUDIENCE, c.ZENDESK_APP_PUBLIC_KEY, c.ZENDESK_INTEGRATION_TOKEN_SHA256];
  if (zendesk.some((v) => v !== undefined) && zendesk.some((v) => v === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: ["ZENDESK_ORIGIN"],
      message: "the Zendesk sidebar needs ZENDESK_ORIGIN, ZENDESK_APP_AUDIENCE, ZENDESK_APP_PUBLIC_KEY and ZENDESK_INTEGRATION_TOKEN_SHA256 together",
    });
  }
  if (c.DATABASE_READ_URL !== undefined && c.DATABASE_URL === undefined) {
    // Refused rather than ignored: whoever set it expects reads to leave the primary.
    ctx.addIssue({
      code: "custom",
      path: ["DATABASE_READ_URL"],
      message:
        "is set but DATABASE_URL is not: the embedded database has no read replicas. Unset DATABASE_READ_URL, or set DATABASE_URL to the PostgreSQL primary it replicates",
    });
  }
});

export type Config = z.output<typeof fullSchema>;
export type Env = Partial<Record<string, string>>;

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** The configuration an environment gives, or every problem in it, each naming its variable. */
export function parseConfig(env: Env): ConfigResult {
  const known = Object.fromEntries(Object.keys(fullSchema.shape).map((name) => [name, env[name]]));
  const parsed = fullSchema.safeParse(known);
  if (parsed.success) return { ok: true, config: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"}: ${issue.message}`) };
}

/** One message for a refused environment, as the launcher and the worker print it. */
export function describeProblems(problems: readonly string[]): string {
  return `the environment has ${problems.length === 1 ? "a bad variable" : `${problems.length} bad variables`}:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee docs/configuration.md.`;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(describeProblems(problems));
  }
}

const KNOWN = Object.keys(fullSchema.shape);
let cached: { key: string; config: Config } | undefined;

/**
 * The process's configuration, parsed from its environment and re-parsed only when a
 * variable it knows changed (tests and the launcher set some for what they start; the
 * check is some forty lookups). A bad variable throws, naming every one; the launcher and
 * the worker parse first and exit instead.
 */
export function config(): Config {
  const key = KNOWN.map((name) => process.env[name] ?? "\u0000").join("\u0001");
  if (cached?.key === key) return cached.config;
  const result = parseConfig(process.env);
  if (!result.ok) throw new ConfigError(result.problems);
  cached = { key, config: result.config };
  return result.config;
}

/** The configuration of an environment given whole, for tests: throws on a bad variable. */
export function configFrom(env: Env): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}

/** Parse now, or print every bad variable and exit: for the launcher and the worker. */
export function configOrExit(processName: string): Config {
  try {
    return config();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(`[${processName}] ${error.message}`);
    process.exit(2);
  }
}
