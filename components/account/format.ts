import { formatMoney } from "@/lib/diagnosis/facts";

// Times are written by lib/time/zone-time.ts (`timeFormat(staff.timeZone)`): in the
// staff member's zone, always with its offset, so an agent can paste them into a ticket
// and compare them with the customer's logs. Pages build it once and hand it down.
export type { TimeFormat } from "@/lib/time/zone-time";

/** "89.95 USD", as the diagnosis writes amounts: one format on every panel. */
export function money(cents: number, currency: string): string {
  return formatMoney(cents, currency);
}
