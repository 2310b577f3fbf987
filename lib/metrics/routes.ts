// Which app route a URL path belongs to, for the request histogram's `route` label: the
// template ("/accounts/[id]"), never the raw path, so that ids, emails and tokens in URLs
// never become label values and the label's values stay as few as the app's routes.
// Read from the build's routes manifest (.next/routes-manifest.json), the table Next
// itself routes by; a path no route matches is "other", Next's own files "/_next".
import { readFileSync } from "node:fs";
import path from "node:path";

interface ManifestRoute {
  page: string;
  regex: string;
}

export type RouteMatcher = (pathname: string) => string;

export const UNMATCHED_ROUTE = "other";

/** A matcher over the manifest's routes: static ones first, then dynamic ones in Next's order. */
export function routeMatcher(routes: { staticRoutes?: ManifestRoute[]; dynamicRoutes?: ManifestRoute[] }): RouteMatcher {
  const statics = new Map<string, string>();
  for (const route of routes.staticRoutes ?? []) statics.set(route.page, route.page);
  const dynamics = (routes.dynamicRoutes ?? []).map((route) => ({ page: route.page, regex: new RegExp(route.regex) }));
  return (pathname) => {
    if (pathname.startsWith("/_next/")) return "/_next";
    const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
    const exact = statics.get(trimmed);
    if (exact) return exact;
    for (const route of dynamics) if (route.regex.test(pathname)) return route.page;
    return UNMATCHED_ROUTE;
  };
}

/** The build's matcher; without a build (next dev) every path is "other". */
export function routeMatcherForBuild(root: string): RouteMatcher {
  try {
    const manifest = JSON.parse(readFileSync(path.join(root, ".next", "routes-manifest.json"), "utf8")) as {
      staticRoutes?: ManifestRoute[];
      dynamicRoutes?: ManifestRoute[];
    };
    return routeMatcher(manifest);
  } catch {
    return routeMatcher({});
  }
}

/** The path of a request target, without its query; "other" for anything unparsable. */
export function requestPath(url: string | undefined): string {
  if (!url) return "/";
  try {
    return new URL(url, "http://console.invalid").pathname;
  } catch {
    return "/";
  }
}
