"use client";
// The send status beside the verdict, kept current while the page is open (issue #21
// item 1): it polls the light status route (lib/live/latest-email.ts) every 2 s while
// the email is queued or sending and every 15 s while its link is open, only while the
// tab is visible, and stops once nothing can change by itself. When the state changes it
// refreshes the page once, so the emails panel, the reply and the primary action follow.
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import type { EmailStatusDto } from "@/lib/model/emails";
import { timeFormatOrUtc } from "@/lib/time/zone-time";
import { emailFromJson, isSettling, sendStatusText } from "./send-status-text";

const IN_FLIGHT_POLL_MS = 2_000;
const OPEN_LINK_POLL_MS = 15_000;

const stateOf = (e: EmailStatusDto) => `${e.id}:${e.status}:${e.link?.state ?? "none"}`;

export function SendStatus({ initial, endpoint, timeZone }: { initial: EmailStatusDto; endpoint: string; timeZone: string }) {
  const router = useRouter();
  const [email, setEmail] = useState(initial);
  const [now, setNow] = useState(() => new Date());
  const times = timeFormatOrUtc(timeZone);

  useEffect(() => {
    if (!isSettling(email, new Date())) return;
    const period = email.status === "QUEUED" || email.status === "SENDING" ? IN_FLIGHT_POLL_MS : OPEN_LINK_POLL_MS;
    let cancelled = false;
    const timer = setTimeout(() => {
      if (document.visibilityState === "hidden") {
        // Looked at again later: one tick on return is enough.
        setNow(new Date());
        return;
      }
      fetch(endpoint, { cache: "no-store" })
        .then((r) => (r.ok ? r.json() : null))
        .then((json: unknown) => {
          if (cancelled) return;
          const latest = emailFromJson(json);
          setNow(new Date());
          if (latest === null) return;
          if (stateOf(latest) !== stateOf(email)) {
            setEmail(latest);
            router.refresh();
          }
        })
        .catch(() => {
          // A dropped poll is retried at the next tick.
          if (!cancelled) setNow(new Date());
        });
    }, period);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [email, now, endpoint, router]);

  useEffect(() => {
    const onVisible = () => {
      if (document.visibilityState === "visible") setNow(new Date());
    };
    document.addEventListener("visibilitychange", onVisible);
    return () => document.removeEventListener("visibilitychange", onVisible);
  }, []);

  return (
    <p className="text-sm text-slate-700" data-testid="send-status" data-status={email.status} data-link-state={email.link?.state ?? "none"} role="status">
      {sendStatusText(email, times, now)}
    </p>
  );
}
