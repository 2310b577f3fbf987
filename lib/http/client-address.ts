// The client's IP for lockouts and the audit trail. `next start` appends the socket's
// peer address to X-Forwarded-For, so the last entry is the machine that connected to
// us; each trusted reverse proxy in front (TRUSTED_PROXY_HOPS) adds one more entry, and
// anything further left was written by the client and cannot be trusted.
export function clientAddress(headers: Headers, trustedHops = Number(process.env.TRUSTED_PROXY_HOPS ?? 0)): string {
  const chain = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter(Boolean);
  const hops = Number.isInteger(trustedHops) && trustedHops > 0 ? trustedHops : 0;
  return chain[chain.length - 1 - hops] ?? chain[0] ?? "unknown";
}

export interface RequestMeta {
  ip: string;
  userAgent: string | null;
}

export function requestMeta(headers: Headers): RequestMeta {
  return { ip: clientAddress(headers), userAgent: headers.get("user-agent")?.slice(0, 300) ?? null };
}
