// The one way the console writes a moment for a staff member: in the time zone they
// chose (UTC unless they chose another), ISO-like ("2026-11-30 04:03") so times sort and
// compare as text, and always followed by the zone's offset ("UTC+01:00", or "UTC" for
// UTC itself) so a time pasted into a ticket is never ambiguous. Offsets rather than
// abbreviations: "CST" is both China and Central America, and Intl only knows
// abbreviations for a few zones in a few locales. Pure; the browser and the server use it
// alike (client components receive the zone name and call `timeFormat` themselves).

export const DEFAULT_TIME_ZONE = "UTC";

let zoneNames: readonly string[] | null = null;

/**
 * The zones a staff member may choose: UTC first, then every IANA name this runtime's
 * Intl knows (canonical names only: "Asia/Kolkata", not the alias "Asia/Calcutta").
 * The server's list is the authority; the settings page hands it to the browser.
 */
export function timeZoneNames(): readonly string[] {
  zoneNames ??= [DEFAULT_TIME_ZONE, ...Intl.supportedValuesOf("timeZone").filter((z) => z !== DEFAULT_TIME_ZONE)];
  return zoneNames;
}

// "Area/Location" spelled as IANA spells it; Intl would also take "europe/paris", but the
// stored name should be the one people read.
const IANA_SHAPE = /^[A-Z][A-Za-z]*(?:\/[A-Z][A-Za-z0-9_+-]*){1,2}$/;

/**
 * A zone we can write in: one of `timeZoneNames()`, or a current IANA name this runtime
 * knows under an older one (Node's list still says "Asia/Calcutta" where browsers say
 * "Asia/Kolkata"). Case matters.
 */
export function isTimeZone(value: string): boolean {
  if (timeZoneNames().includes(value)) return true;
  if (!IANA_SHAPE.test(value)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export interface TimeFormat {
  /** The IANA name it writes in. */
  zone: string;
  /** "2026-11-30 04:03 UTC+01:00"; "—" for no date. */
  at(date: Date | null | undefined): string;
  /** With seconds, for hovers: "2026-11-30 04:03:07 UTC+01:00". */
  exact(date: Date | null | undefined): string;
  /** The calendar day in this zone, "2026-11-30", for columns whose header names the zone. */
  date(date: Date | null | undefined): string;
  /** "04:03", for lists grouped under a day that names the zone. */
  clock(date: Date): string;
  /** "UTC+01:00" at that moment (it changes with daylight saving), "UTC" for UTC. */
  offset(date: Date): string;
  /** The instant at which `day` ("2026-11-30") begins in this zone. */
  startOfDay(day: string): Date;
}

interface Parts {
  day: string;
  clock: string;
  seconds: string;
  offset: string;
  /** Minutes east of UTC. */
  offsetMinutes: number;
}

const MINUTE_MS = 60_000;

function isoParts(date: Date): Parts {
  const iso = date.toISOString();
  return { day: iso.slice(0, 10), clock: iso.slice(11, 16), seconds: iso.slice(17, 19), offset: "UTC", offsetMinutes: 0 };
}

function zoneParts(dtf: Intl.DateTimeFormat, date: Date): Parts {
  const p: Record<string, string> = {};
  for (const { type, value } of dtf.formatToParts(date)) p[type] = value;
  // "GMT+05:30" or plain "GMT" at offset zero; written "UTC+00:00" so a zone that is at
  // UTC for now (London in winter) still says it is not UTC itself.
  const gmt = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(p.timeZoneName ?? "");
  const sign = gmt?.[1] ?? "+";
  const hh = gmt?.[2] ?? "00";
  const mm = gmt?.[3] ?? "00";
  const offsetMinutes = (sign === "-" ? -1 : 1) * (Number(hh) * 60 + Number(mm));
  return {
    day: `${p.year ?? "????"}-${p.month ?? "??"}-${p.day ?? "??"}`,
    clock: `${p.hour ?? "??"}:${p.minute ?? "??"}`,
    seconds: p.second ?? "00",
    offset: `UTC${sign}${hh}:${mm}`,
    offsetMinutes,
  };
}

function build(zone: string): TimeFormat {
  let parts: (date: Date) => Parts;
  if (zone === DEFAULT_TIME_ZONE) {
    // No Intl for UTC: toISOString is exact and cheap (the timeline formats hundreds).
    parts = isoParts;
  } else {
    // One formatter per zone, reused: building an Intl.DateTimeFormat is the costly part.
    const dtf = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      hourCycle: "h23",
      timeZoneName: "longOffset",
    });
    parts = (date) => zoneParts(dtf, date);
  }
  const none = "—";
  return {
    zone,
    at: (date) => {
      if (!date) return none;
      const p = parts(date);
      return `${p.day} ${p.clock} ${p.offset}`;
    },
    exact: (date) => {
      if (!date) return none;
      const p = parts(date);
      return `${p.day} ${p.clock}:${p.seconds} ${p.offset}`;
    },
    date: (date) => (date ? parts(date).day : none),
    clock: (date) => parts(date).clock,
    offset: (date) => parts(date).offset,
    startOfDay: (day) => {
      const midnightUtc = Date.parse(`${day}T00:00:00Z`);
      // Local midnight is midnight UTC minus the offset then; the offset is read at the
      // first guess and again at the result, which settles days when it changes (a
      // zone that springs forward at midnight starts its day at 01:00).
      const first = midnightUtc - parts(new Date(midnightUtc)).offsetMinutes * MINUTE_MS;
      const second = midnightUtc - parts(new Date(first)).offsetMinutes * MINUTE_MS;
      return new Date(parts(new Date(second)).day === day ? second : first);
    },
  };
}

const formats = new Map<string, TimeFormat>();

/** The format for `zone`; throws a RangeError naming the zone when it is not one we know. */
export function timeFormat(zone: string = DEFAULT_TIME_ZONE): TimeFormat {
  const cached = formats.get(zone);
  if (cached) return cached;
  if (!isTimeZone(zone)) throw new RangeError(`Unknown time zone "${zone}": use an IANA name such as Europe/Paris, or UTC.`);
  const made = build(zone);
  formats.set(zone, made);
  return made;
}

/** For a zone read back from storage: an unknown one (a runtime without it) falls back to UTC. */
export function timeFormatOrUtc(zone: string | null | undefined): TimeFormat {
  return zone && isTimeZone(zone) ? timeFormat(zone) : UTC_TIME;
}

export const UTC_TIME: TimeFormat = timeFormat(DEFAULT_TIME_ZONE);
