import { Badge, type BadgeTone } from "@/components/ui/badge";
import { FLAGS, RISK_LABELS, type FlagRisk, type TeammateFlag } from "@/lib/model/teammate-flags";

const RISK_TONES: Record<FlagRisk, BadgeTone> = { high: "danger", medium: "warning", low: "neutral" };

/**
 * A flag as the table and the legend show it: coloured by risk, the high ones marked
 * with a triangle too (colour alone is not enough), and the risk said to screen readers.
 */
export function FlagBadge({ flag }: { flag: TeammateFlag }) {
  const definition = FLAGS[flag];
  return (
    <Badge tone={RISK_TONES[definition.risk]}>
      <span className="sr-only">{RISK_LABELS[definition.risk]}: </span>
      {definition.risk === "high" ? (
        <span aria-hidden="true" className="mr-1">
          ▲
        </span>
      ) : null}
      <span className="whitespace-nowrap">{definition.label}</span>
    </Badge>
  );
}
