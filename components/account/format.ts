import { formatMoney } from "@/lib/diagnosis/facts";

// Dates on the console are UTC, written the same way everywhere, so an agent can paste
// them into a ticket and compare them with the customer's logs.
export function utc(date: Date | null | undefined): string {
  if (!date) return "—";
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** "2026-11-30 03:03", for columns whose header already says UTC. */
export function utcClock(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 16).replace("T", " ") : "—";
}

export function utcDate(date: Date | null | undefined): string {
  return date ? date.toISOString().slice(0, 10) : "—";
}

/** "89.95 USD", as the diagnosis writes amounts: one format on every panel. */
export function money(cents: number, currency: string): string {
  return formatMoney(cents, currency);
}
