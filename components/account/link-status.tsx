import { Badge, type BadgeTone } from "@/components/ui/badge";
import type { LinkStatusDto } from "@/lib/model/emails";
import { CANCELLED_BECAUSE } from "@/lib/email/link-cancel-reasons";
import type { TimeFormat } from "./format";

const VIEW: Record<LinkStatusDto["state"], { label: string; tone: BadgeTone }> = {
  open: { label: "Link open", tone: "info" },
  used: { label: "Link used", tone: "success" },
  cancelled: { label: "Link cancelled", tone: "warning" },
  expired: { label: "Link expired unused", tone: "neutral" },
  superseded: { label: "Link superseded", tone: "neutral" },
};

function detail(link: LinkStatusDto, times: TimeFormat): string {
  switch (link.state) {
    case "open":
      return `works once, until ${times.at(link.expiresAt)}`;
    case "used":
      return `used ${times.at(link.at)}${link.bySource ? ` through ${link.bySource}` : ""}`;
    case "cancelled":
      return `cancelled: ${CANCELLED_BECAUSE[link.reason]} on ${times.at(link.at)}`;
    case "expired":
      return `expired ${times.at(link.at)} without being used`;
    case "superseded":
      return `replaced by a newer email ${times.at(link.at)}`;
  }
}

/** What became of a reset or confirmation email's single-use link (emails panel). */
export function LinkStatus({ link, times }: { link: LinkStatusDto; times: TimeFormat }) {
  return (
    <span
      className="flex flex-wrap items-center gap-2 text-slate-700"
      data-testid="link-status"
      data-link-state={link.state}
      {...(link.state === "cancelled" ? { "data-cancel-reason": link.reason } : {})}
    >
      <Badge tone={VIEW[link.state].tone}>{VIEW[link.state].label}</Badge>
      <span>{detail(link, times)}</span>
    </span>
  );
}
