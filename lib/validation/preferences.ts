// A staff member's own preferences, shared by the settings form and its action. Safe in
// a client bundle (zone-time is pure).
import { z } from "zod";
import { isTimeZone } from "@/lib/time/zone-time";

export const setTimeZoneInput = z.object({
  timeZone: z
    .string({ error: "Choose a time zone." })
    .trim()
    .min(1, "Choose a time zone.")
    .max(64, "That is not a time zone name.")
    .refine(isTimeZone, {
      error: (issue) => `"${String(issue.input)}" is not a time zone we know: choose one from the list (an IANA name such as Europe/Paris), or UTC.`,
    }),
});

export type SetTimeZoneInput = z.infer<typeof setTimeZoneInput>;
