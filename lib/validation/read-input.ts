// The one reader of URL input (query strings, path segments) for pages and routes: the raw
// values through their zod schema, answered with the first bad field and its message
// rather than a throw. No server-only import: pure, and safe anywhere.
import type { z } from "zod";
import type { SearchParams } from "./search-params";

export type ReadInput<T> = { ok: true; data: T } | { ok: false; field: string; message: string };

/** The first issue's field (an unknown key names itself) and message. */
export function firstIssue(error: z.ZodError, fallback: string): { field: string; message: string } {
  const issue = error.issues[0];
  if (!issue) return { field: fallback, message: "invalid" };
  const field = issue.code === "unrecognized_keys" ? (issue.keys[0] ?? fallback) : issue.path.length ? issue.path.join(".") : fallback;
  return { field, message: issue.message };
}

/** A page's `searchParams`, a URL's, or a plain record, as one value per key (the first of a repeated one). */
export function firstValues(raw: SearchParams | URLSearchParams | Record<string, string>): Record<string, string> {
  if (raw instanceof URLSearchParams) return Object.fromEntries(raw);
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string") out[key] = first;
  }
  return out;
}

export function readInput<S extends z.ZodType>(schema: S, raw: SearchParams | URLSearchParams | Record<string, string>): ReadInput<z.output<S>> {
  const result = schema.safeParse(firstValues(raw));
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, ...firstIssue(result.error, "query") };
}
