// The customers' names in the scale seed, as SQL over generate_series: "name.surname123"
// usernames, short handles, email domains and teammate suffixes (prisma/seed/scale.ts).

export const FIRST = [
  "maria",
  "james",
  "li",
  "fatima",
  "olga",
  "kenji",
  "amara",
  "lucas",
  "priya",
  "noah",
  "sofia",
  "omar",
  "chen",
  "elena",
  "diego",
  "aisha",
  "jonas",
  "mei",
  "ivan",
  "zara",
  "liam",
  "nina",
  "arjun",
  "clara",
  "yusuf",
  "hana",
  "pablo",
  "freya",
  "tomas",
  "leila",
  "ethan",
  "ines",
];
export const LAST = [
  "garcia",
  "smith",
  "wang",
  "khan",
  "ivanova",
  "tanaka",
  "okafor",
  "silva",
  "patel",
  "muller",
  "rossi",
  "haddad",
  "chen",
  "novak",
  "lopez",
  "bello",
  "berg",
  "lin",
  "petrov",
  "ali",
  "murphy",
  "kowalski",
  "singh",
  "dubois",
  "yilmaz",
  "sato",
  "fernandez",
  "hansen",
  "costa",
  "nasser",
  "brown",
  "moreau",
];
export const DOMAINS = ["example.com", "example.net", "example.org", "mail.example", "shop.example", "news.example"];
export const TEAMMATE_NAMES = ["owner", "ops", "dev", "marketing", "finance"];

// Short handles ("kqzt", "mupxa"): real platforms have many four- to eight-letter
// usernames, and they are the ones a typo hides from trigram search (issue 14). One
// account in SHORT_EVERY gets one, its length cycling through 4..8, and an email local
// part that is a different handle of the same length (people's addresses and usernames
// often differ). Letters come from a bijection per length, ((index + 1) * multiplier + offset) mod 26^len
// written in base 26 with a multiplier coprime to 26, so handles never collide with each
// other, and never with the "name.surname123" usernames (those have a dot and digits).
const SHORT_EVERY = 25;
const SHORT_AT = 12;
const SHORT_MIN_LENGTH = 4;
const SHORT_LENGTHS = 5;
export const USERNAME_MULTIPLIER = 1_000_000_007;
export const EMAIL_MULTIPLIER = 998_244_353;
const LENGTH_OFFSET = 104_729_017;

/** Whether account `id` gets a handle: one in SHORT_EVERY, while its length has handles left (26^len). */
export function isShortHandleSql(id: string): string {
  const i = `(${id} / ${SHORT_EVERY})`;
  return `(${id} % ${SHORT_EVERY} = ${SHORT_AT} AND (${i} / ${SHORT_LENGTHS} + 1)::bigint < (26::bigint ^ (${SHORT_MIN_LENGTH} + ${i} % ${SHORT_LENGTHS}))::bigint)`;
}

export function shortHandleSql(id: string, multiplier: number): string {
  const i = `(${id} / ${SHORT_EVERY})`;
  const len = `(${SHORT_MIN_LENGTH} + ${i} % ${SHORT_LENGTHS})`;
  // The offset per length keeps handles of different lengths from sharing their first letters.
  // (index + 1): index 0 would give every multiplier the same handle.
  const x = `(((${i} / ${SHORT_LENGTHS} + 1)::bigint * ${multiplier} + ${len} * ${LENGTH_OFFSET}) % (26::bigint ^ ${len})::bigint)`;
  return `(SELECT string_agg(chr(97 + (${x} / (26::bigint ^ p)::bigint % 26)::int), '' ORDER BY p) FROM generate_series(0, ${len} - 1) p)`;
}

export function sqlArray(values: readonly string[]): string {
  return `ARRAY[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(",")}]::text[]`;
}
