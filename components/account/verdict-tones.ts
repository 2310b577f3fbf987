import type { VerdictTone } from "@/lib/diagnosis/verdict-strip";

/** Verdict colours (header strip and search rows): one per severity, contrast checked by axe. */
export const VERDICT_TONES: Record<VerdictTone, string> = {
  danger: "border-red-300 bg-red-50 text-red-900",
  warning: "border-amber-300 bg-amber-50 text-amber-950",
  info: "border-blue-300 bg-blue-50 text-blue-900",
  success: "border-green-300 bg-green-50 text-green-900",
  neutral: "border-slate-300 bg-slate-50 text-slate-800",
};
