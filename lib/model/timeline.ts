// The account timeline's vocabulary and page shape: client-safe (no Prisma, no SQL).
export const TIMELINE_KINDS = ["login", "credential", "billing", "ban", "email", "staff"] as const;

export type TimelineKind = (typeof TIMELINE_KINDS)[number];

export const TIMELINE_CHANNELS = ["WEB", "API", "SMTP"] as const;

export type TimelineChannel = (typeof TIMELINE_CHANNELS)[number];

export interface TimelineEntry {
  /** Anchor id, matching the diagnosis evidence refs (e.g. `login_attempt-123`). */
  key: string;
  kind: TimelineKind;
  at: Date;
  title: string;
  detail: string | null;
  tone: "neutral" | "good" | "bad" | "warn";
}

export interface TimelinePage {
  entries: TimelineEntry[];
  /** Pass back to get the next (older) page; null at the end. */
  nextCursor: string | null;
}
