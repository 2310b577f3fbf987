/** A same-site path to return to after sign-in; anything else (//evil, https://…) goes home. */
export function safeRedirectPath(value: unknown): string {
  if (typeof value !== "string" || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return "/";
  if (value.startsWith("/sign-in") || value.startsWith("/api/")) return "/";
  return value.slice(0, 2000);
}
