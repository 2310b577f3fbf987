import { Badge, type BadgeTone } from "@/components/ui/badge";

const STATUS: Record<string, { label: string; tone: BadgeTone }> = {
  ACTIVE: { label: "Active", tone: "success" },
  TERMINATED: { label: "Terminated", tone: "danger" },
  BANNED: { label: "Banned", tone: "danger" },
  UNCONFIRMED: { label: "Not confirmed", tone: "warning" },
};

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS[status] ?? { label: status, tone: "neutral" as const };
  return <Badge tone={s.tone}>{s.label}</Badge>;
}
