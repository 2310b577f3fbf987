// Runs once when the Next server starts, however it was started (`npm start` or a bare
// `next start`): the place to say what the console cannot do in this configuration.
export async function register(): Promise<void> {
  // NEXT_RUNTIME is Next's own marker of the runtime, not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { clientAddressWarning } = await import("@/lib/http/client-address");
  const { log } = await import("@/lib/log");
  const warning = clientAddressWarning();
  if (warning) log.warn(warning);
}
