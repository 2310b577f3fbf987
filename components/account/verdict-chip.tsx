import type { VerdictTone } from "@/lib/diagnosis/verdict-strip";
import { cx } from "@/lib/cx";
import { VERDICT_TONES } from "./verdict-tones";

/**
 * The account page's verdict, small, where accounts are listed (search rows, recently
 * opened, the palette): one look and one tone for the same verdict everywhere (issue #21
 * item 4). `testId` keeps each list's own test hook.
 */
export function VerdictChip({ verdict, testId }: { verdict: { tone: VerdictTone; text: string }; testId: string }) {
  return (
    <span
      className={cx("inline-flex items-center rounded border px-1.5 py-0.5 text-xs font-semibold", VERDICT_TONES[verdict.tone])}
      data-testid={testId}
      data-tone={verdict.tone}
    >
      {verdict.text}
    </span>
  );
}
