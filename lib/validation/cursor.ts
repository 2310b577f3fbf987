// The one codec for the keyset pagers' cursors (the timeline, the audit log, the
// permissions audit): a small JSON object, validated by the list's own zod schema, sent
// as base64url so it survives a URL untouched. Cursors are opaque to the user but not
// secret: anyone can read or edit one, so decode() validates, and a cursor that does not
// parse (an edited or truncated link) is null and the list starts again from its first
// page rather than failing.
import type { z } from "zod";

export interface CursorCodec<T> {
  encode(value: T): string;
  decode(raw: string | null | undefined): T | null;
}

/** `wire` must describe plain JSON (strings, numbers, booleans, null) without transforms. */
export function cursorCodec<S extends z.ZodType>(wire: S, maxLength = 300): CursorCodec<z.output<S>> {
  return {
    encode: (value) => Buffer.from(JSON.stringify(value)).toString("base64url"),
    decode(raw) {
      if (!raw || raw.length > maxLength || !/^[\w-]+$/.test(raw)) return null;
      try {
        const parsed = wire.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
  };
}
