// Evidence that fits the first screen (issue #21 item 5): runs of the same kind (ten
// refused requests, eleven subusers and addresses) read as one line each, at most
// `max` lines, and the rest behind "show all". Pure: the panel renders what this returns.

import type { DiagnosisTimes } from "./time";
import type { EvidenceItem, EvidenceRef } from "./types";

export type EvidenceLine =
  { kind: "item"; item: EvidenceItem } | { kind: "summary"; text: string; refKind: EvidenceRef["kind"]; items: readonly EvidenceItem[] };

export interface EvidenceSummary {
  lines: readonly EvidenceLine[];
  /** True when the lines leave something out: the panel offers "show all". */
  folded: boolean;
}

const NOUNS: Record<EvidenceRef["kind"], string> = {
  login_attempt: "sign-in attempts",
  credential_change: "credential changes",
  billing_warning: "billing warnings",
  invoice: "invoices",
  ban: "bans",
  signup: "sign-ups",
  account: "account records",
  api_key: "API keys",
  teammate: "teammates",
  subuser: "subusers",
  dedicated_ip: "dedicated IPs",
  integration: "integrations",
};

/** A run of items of one kind as one line: "10 sign-in attempts from … to … from 198.51.100.228; see the timeline". */
function summaryLine(kind: EvidenceRef["kind"], items: readonly EvidenceItem[], times: DiagnosisTimes): string {
  const dates = items.flatMap((i) => (i.at === null ? [] : [i.at.getTime()]));
  const span = dates.length ? ` from ${times.at(new Date(Math.min(...dates)))} to ${times.at(new Date(Math.max(...dates)))}` : "";
  // The attempt labels end "from <ip>": one address for all is worth saying once.
  const ips = new Set(items.map((i) => / from (\S+)$/.exec(i.label)?.[1] ?? null));
  const ip = kind === "login_attempt" && ips.size === 1 ? [...ips][0] : null;
  return `${items.length} ${NOUNS[kind]}${span}${ip ? ` from ${ip}` : ""}${kind === "login_attempt" ? "; see the timeline" : ""}`;
}

export function summariseEvidence(evidence: readonly EvidenceItem[], times: DiagnosisTimes, max = 3): EvidenceSummary {
  if (evidence.length <= max) return { lines: evidence.map((item) => ({ kind: "item", item })), folded: false };
  // Consecutive runs of one kind (rules list each kind together, newest first).
  const runs: EvidenceItem[][] = [];
  for (const item of evidence) {
    const last = runs[runs.length - 1];
    if (last?.[0]?.ref.kind === item.ref.kind) last.push(item);
    else runs.push([item]);
  }
  const lines: EvidenceLine[] = runs.map((run): EvidenceLine => {
    const first = run[0];
    if (run.length === 1 && first !== undefined) return { kind: "item", item: first };
    const kind = first?.ref.kind ?? "login_attempt";
    return { kind: "summary", text: summaryLine(kind, run, times), refKind: kind, items: run };
  });
  return { lines: lines.slice(0, max), folded: true };
}
