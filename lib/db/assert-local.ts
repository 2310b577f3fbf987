// Tests create and drop databases. Pointed at a shared or production server by a stray
// environment variable, that would be a disaster, so only loopback hosts are accepted.
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function assertLocalDatabaseUrl(url: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error("TEST_DATABASE_URL is not a valid postgres:// URL");
  }
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`refusing to run tests against ${host}: TEST_DATABASE_URL must point at a database on this machine (localhost, 127.0.0.1 or ::1)`);
  }
}
