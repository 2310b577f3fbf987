// "Recently opened" on the home page: client-safe (no Prisma, no SQL).
import type { RowVerdict } from "@/lib/diagnosis/verdict-strip";

export interface RecentAccount {
  id: number;
  username: string;
  email: string;
  /** What the search row would say ("Banned", "Locked · 2 h left", "Not diagnosed"): the verdict, not the raw status. */
  verdict: RowVerdict;
  /** When this staff user last opened it. */
  openedAt: Date;
}
