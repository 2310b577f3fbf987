const STATIC_SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "no-referrer" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
];

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Do not advertise the framework to whoever probes the console.
  poweredByHeader: false,
  reactStrictMode: true,
  // pg and the Prisma adapter load Node modules at run time; bundling them gains nothing.
  serverExternalPackages: [
    "pg",
    "@prisma/adapter-pg",
    "@node-rs/argon2",
    // prom-client: loaded once per process, shared by the route handlers and scripts/serve.ts.
    "prom-client",
    // The tracing SDK (instrumentation.ts) is loaded once at start, as Node loads it.
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/resources",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/exporter-trace-otlp-proto",
    "@prisma/instrumentation",
  ],
  // forbidden() renders app/forbidden.tsx with a 403 for pages above a staff user's role.
  experimental: { authInterrupts: true },
  // Static headers for every response, static files included (e2e checks them); the
  // CSP is per request, with a nonce, in proxy.ts (lib/http/security-headers.ts).
  async headers() {
    // Everything but the Zendesk sidebar refuses to be framed; the sidebar's page allows
    // the configured Zendesk only, in its own CSP (lib/helpdesk/sidebar-page.ts).
    return [
      { source: "/((?!integrations/zendesk/).*)", headers: STATIC_SECURITY_HEADERS },
      {
        source: "/integrations/zendesk/:path*",
        headers: STATIC_SECURITY_HEADERS.filter((h) => h.key !== "X-Frame-Options" && h.key !== "Cross-Origin-Opener-Policy"),
      },
    ];
  },
};

export default nextConfig;
