import { Badge } from "@/components/ui/badge";
import { FLAGS, RISK_LABELS, type TeammateFlag } from "@/lib/data/audit/permissions/flags";

/**
 * A flag as the table and the legend show it: coloured by risk, the high ones marked
 * with a triangle too (colour alone is not enough), and the risk said to screen readers.
 */
export function FlagBadge({ flag }: { flag: TeammateFlag }) {
  const definition = FLAGS[flag];
  return (
    <Badge tone={definition.tone}>
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
