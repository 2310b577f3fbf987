// Input for the admin's event-source actions, shared by the server actions and the forms
// (so this file stays free of node:crypto and the database).
import { z } from "zod";
import { EVENT_TYPES } from "@/lib/ingest/catalogue";
import { recordId } from "@/lib/validation/common";
import type { SourceScope } from "@/lib/platform/sources/tokens";

export const SOURCE_SCOPE_OPTIONS = ["ingest", "redeem"] as const satisfies readonly SourceScope[];
export type SourceScopeOption = (typeof SOURCE_SCOPE_OPTIONS)[number];
export const isSourceScope = (value: string): value is SourceScopeOption => (SOURCE_SCOPE_OPTIONS as readonly string[]).includes(value);

export const SOURCE_NAME_PATTERN = /^[a-z][a-z0-9-]{1,62}$/;
/** The shape of an event type. The catalogue of the ingest endpoint names the real ones. */
export const EVENT_TYPE_PATTERN = /^[a-z][a-z0-9_.]*$/;
export const MAX_EVENT_TYPE_LENGTH = 64;
export const MAX_ALLOWED_TYPES = 100;
export const MAX_EVENTS_PER_SECOND = 1_000_000;
export const DEFAULT_EVENTS_PER_SECOND = 20_000;
/** A week: longer than any deployment needs to roll a secret. */
export const MAX_GRACE_HOURS = 168;
export const DEFAULT_GRACE_HOURS = 24;

// The same strict parser as account ids: z.coerce.number() took "0x10", "1e1", "01" and
// " 16" as source 16, so a garbled id acted on another source.
const sourceId = recordId("Pick a source.");

const scopes = z
  .array(z.enum(SOURCE_SCOPE_OPTIONS, { error: 'A scope is "ingest" or "redeem".' }), { error: "Choose at least one scope." })
  .min(1, "Choose at least one scope: ingest (send events), redeem (redeem emailed links), or both.")
  .transform((list) => [...new Set(list)].sort());

// The form sends one text (comma- or space-separated); a script may send an array.
const allowedTypes = z
  .union([z.string().max(10_000, "Too many event types."), z.array(z.string().max(200))], { error: "List event types, separated by commas." })
  .transform((value) => (typeof value === "string" ? value.split(/[\s,]+/) : value).map((t) => t.trim()).filter((t) => t !== ""))
  .pipe(
    z
      .array(
        z
          .string()
          .max(MAX_EVENT_TYPE_LENGTH, `An event type has at most ${MAX_EVENT_TYPE_LENGTH} characters.`)
          .regex(EVENT_TYPE_PATTERN, "An event type is lower-case letters, digits, dots and underscores, starting with a letter (e.g. account.created).")
          // Only the catalogue's types: a typo here would silently refuse a type the sender needs.
          .refine((type) => (EVENT_TYPES as readonly string[]).includes(type), {
            error: (issue) => `"${String(issue.input)}" is not an event type the console knows (see GET /api/ingest/v1/schema).`,
          }),
      )
      .max(MAX_ALLOWED_TYPES, `At most ${MAX_ALLOWED_TYPES} event types.`),
  )
  .transform((list) => [...new Set(list)].sort());

export const createSourceInput = z.object({
  name: z
    .string({ error: "Enter a name." })
    .trim()
    .min(1, "Enter a name.")
    .regex(SOURCE_NAME_PATTERN, "A name is 2 to 63 lower-case letters, digits and hyphens, starting with a letter (e.g. platform-prod)."),
  scopes,
  allowedTypes: allowedTypes.default([]),
  maxEventsPerSecond: z.coerce
    .number({ error: "Enter a number of events per second." })
    .int("Enter a whole number of events per second.")
    .min(1, "At least 1 event per second.")
    .max(MAX_EVENTS_PER_SECOND, `At most ${MAX_EVENTS_PER_SECOND.toLocaleString("en-GB")} events per second.`)
    .default(DEFAULT_EVENTS_PER_SECOND),
});
export type CreateSourceInput = z.input<typeof createSourceInput>;

export const rotateSourceInput = z.object({
  sourceId,
  graceHours: z.coerce
    .number({ error: "Enter the grace period in hours." })
    .int("Enter a whole number of hours.")
    .min(0, "The grace period cannot be negative.")
    .max(MAX_GRACE_HOURS, `The grace period is at most ${MAX_GRACE_HOURS} hours (a week).`)
    .default(DEFAULT_GRACE_HOURS),
});
export type RotateSourceInput = z.input<typeof rotateSourceInput>;

export const revokeSourceInput = z.object({ sourceId });
export type RevokeSourceInput = z.input<typeof revokeSourceInput>;

export const updateSourceInput = z.object({ sourceId, scopes, allowedTypes });
export type UpdateSourceInput = z.input<typeof updateSourceInput>;

/** What create and rotate answer: the token, this once. */
export interface IssuedSourceToken {
  id: number;
  name: string;
  token: string;
  tokenPrefix: string;
  /** Rotation only: until when the previous token keeps working (null: it stopped now). */
  previousTokenExpiresAt?: string | null;
}
