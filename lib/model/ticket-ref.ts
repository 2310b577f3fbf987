// A helpdesk ticket reference's shape, without zod: the browser checks a deep link's
// ticket with it (components/search/ticket-memory.tsx), and importing the zod schema there
// put zod into the account page's, the search home's and the sign-up page's JavaScript
// (115 KB, 32 KB compressed, for one check). The schema the actions validate with
// (lib/validation/common.ts) is built from the same two rules.

/** The longest ticket reference kept (the audit column's width). */
export const TICKET_REF_MAX_LENGTH = 64;

/** Letters, digits, `_` and `# . / : -`: what helpdesk ticket ids and their URLs' tails use. */
export const TICKET_REF_PATTERN = /^[\w#./:-]+$/;

/** The ticket reference in `raw`, trimmed, or null when there is none or it is malformed. */
export function ticketRefOf(raw: string | null | undefined): string | null {
  const value = raw?.trim() ?? "";
  return value.length > 0 && value.length <= TICKET_REF_MAX_LENGTH && TICKET_REF_PATTERN.test(value) ? value : null;
}
