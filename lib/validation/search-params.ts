import type { z } from "zod";
import { ticketRef } from "./common";

/** What Next passes a page as `searchParams`. */
export type SearchParams = Record<string, string | string[] | undefined>;

/**
 * The first value of each named parameter, leaving out empty ones: a GET filter form
 * sends `level=` for "any", and an empty field must mean no filter rather than an error.
 */
export function pickParams(raw: SearchParams | URLSearchParams, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const value = raw instanceof URLSearchParams ? raw.get(key) : raw[key];
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === "string" && first.trim() !== "") out[key] = first;
  }
  return out;
}

export type ParsedParams<T> = { ok: true; data: T } | { ok: false; errors: Record<string, string> };

/** Validates URL parameters, answering with one message per field instead of throwing. */
export function parseParams<S extends z.ZodType>(schema: S, values: Record<string, string>): ParsedParams<z.output<S>> {
  const result = schema.safeParse(values);
  if (result.success) return { ok: true, data: result.data };
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const key = String(issue.path[0] ?? "form");
    errors[key] ??= issue.message;
  }
  return { ok: false, errors };
}

/**
 * A deep link's `ticket` (`/?q=…&ticket=…` from a helpdesk): the reference when it is one
 * the recovery actions would take, otherwise null (a garbled one is dropped, not an error:
 * the agent still gets the search and types the ticket in the dialog).
 */
export function ticketParam(raw: SearchParams): string | null {
  const value = raw.ticket;
  const parsed = ticketRef.safeParse(Array.isArray(value) ? value[0] : value);
  return parsed.success ? parsed.data : null;
}
