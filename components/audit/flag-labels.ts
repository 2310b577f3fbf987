import type { BadgeTone } from "@/components/ui/badge";
import type { TeammateFlag } from "@/lib/data/audit/teammate-permissions";

// Shared by the server-rendered legend and the client table (a "use client" module's
// plain exports are not readable from a server component).
export const FLAG_LABELS: Record<TeammateFlag, { label: string; tone: BadgeTone }> = {
  several_admins: { label: "Several admins", tone: "warning" },
  stale_admin: { label: "Inactive admin", tone: "warning" },
  changes_then_failures: { label: "Change → failed logins", tone: "danger" },
  shared_login: { label: "Shared login", tone: "danger" },
};
