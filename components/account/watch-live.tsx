"use client";
// "Watch live": while on, the account's new sign-in attempts appear here as the platform
// sends them (server-sent events from /api/accounts/<id>/attempts/live, read by
// ./live-stream.ts), and the page's diagnosis is refreshed when they arrive. It stops on
// its own when the tab is hidden (nobody is looking, and the poll costs the database),
// when the server ends the session after a few minutes or because the agent lost access,
// and when the server refuses a stream (too many open), saying why each time.
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { useHydrated } from "@/components/ui/use-hydrated";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import type { LiveAttempt } from "@/lib/model/live";
import { timeFormatOrUtc } from "@/lib/time/zone-time";
import { openLiveStream, type LiveEvent } from "./live-stream";
import { failureFragment } from "@/lib/model/login-failures";

type Status = "off" | "connecting" | "live" | "hidden" | "expired" | "failed" | "refused" | "ended";

const MAX_SHOWN = 50;
/** Several attempts in a burst cause one refresh of the diagnosis, not one each. */
const REFRESH_DEBOUNCE_MS = 300;

const STOPPED: Partial<Record<Status, string>> = {
  hidden: "Watch live stopped because this tab was hidden.",
  expired: "Watch live stopped after 5 minutes.",
  failed: "Watch live could not connect.",
  ended: "Watch live stopped: you no longer have access to this page (signed out, disabled or role changed). Reload the page.",
};

/** What screen readers hear for a new attempt (and the words the row shows). */
export function describeAttempt(a: Pick<LiveAttempt, "channel" | "outcome" | "reason" | "ip">): string {
  const what = a.outcome === "SUCCESS" ? "succeeded" : `failed: ${a.reason ? failureFragment(a.reason) : "no reason given"}`;
  return `${a.channel} sign-in ${what}, from ${a.ip}`;
}

/** `timeZone`: the agent's zone (a name: the formatter is built here, in the browser). */
export function WatchLive({ accountId, timeZone }: { accountId: number; timeZone: string }) {
  const times = timeFormatOrUtc(timeZone);
  const router = useRouter();
  const [status, setStatus] = useState<Status>("off");
  const [attempts, setAttempts] = useState<LiveAttempt[]>([]);
  const [announcement, setAnnouncement] = useState("");
  // The page streams this card in, and until React has hydrated it a press does nothing:
  // the toggle says when it is live (data-ready), as the header's shortcuts do.
  const hydrated = useHydrated();
  const connection = useRef<AbortController | null>(null);
  const refreshTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The server's own words when it refused a stream (429).
  const [refusal, setRefusal] = useState("");

  const close = useCallback((next: Status, refusedBecause = "") => {
    connection.current?.abort();
    connection.current = null;
    setStatus(next);
    setRefusal(refusedBecause);
    const message = refusedBecause || STOPPED[next] || (next === "off" ? "Watch live is off." : "");
    if (message) setAnnouncement(message);
  }, []);

  const onAttempts = useCallback(
    (data: string) => {
      const batch = JSON.parse(data) as LiveAttempt[];
      if (!batch.length) return;
      setAttempts((shown) => {
        const known = new Set(shown.map((a) => a.id));
        // A reconnect may send an attempt again: shown once.
        const fresh = batch.filter((a) => !known.has(a.id)).reverse();
        return [...fresh, ...shown].slice(0, MAX_SHOWN);
      });
      const newest = batch[batch.length - 1];
      setAnnouncement(batch.length === 1 && newest ? `New attempt: ${describeAttempt(newest)}.` : `${batch.length} new sign-in attempts.`);
      clearTimeout(refreshTimer.current);
      refreshTimer.current = setTimeout(() => router.refresh(), REFRESH_DEBOUNCE_MS);
    },
    [router],
  );

  const start = useCallback(() => {
    connection.current?.abort();
    const controller = new AbortController();
    connection.current = controller;
    setStatus("connecting");
    setRefusal("");
    openLiveStream(`/api/accounts/${accountId}/attempts/live`, controller.signal, {
      onEvent: (event: LiveEvent) => {
        switch (event.event) {
          case "ready":
            setStatus("live");
            setAnnouncement("Watching live: new sign-in attempts will appear below.");
            return;
          case "attempts":
            onAttempts(event.data);
            return;
          case "expired":
            close("expired");
            return "stop";
          case "ended":
            close("ended");
            return "stop";
        }
      },
      // Dropped: it reconnects by itself and the session resumes.
      onReconnecting: () => setStatus("connecting"),
      // Refused: too many streams (the server says which limit), or signed out / no permission.
      onEnd: (end) => {
        if (end.kind === "refused") close(end.message ? "refused" : "failed", end.message ?? "");
      },
    });
  }, [accountId, close, onAttempts]);

  const watching = status === "live" || status === "connecting";

  useEffect(() => {
    if (!watching) return;
    const onVisibility = () => {
      if (document.visibilityState === "hidden") close("hidden");
    };
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, [watching, close]);

  useEffect(
    () => () => {
      connection.current?.abort();
      clearTimeout(refreshTimer.current);
    },
    [],
  );

  const stoppedMessage = status === "refused" ? refusal : STOPPED[status];
  return (
    <Card
      title="Watch live"
      actions={
        <Button
          variant={watching ? "secondary" : "primary"}
          aria-pressed={watching}
          onClick={() => (watching ? close("off") : start())}
          data-ready={hydrated ? "true" : undefined}
          data-testid="watch-live-toggle"
        >
          {watching ? "Stop watching" : "Watch live"}
        </Button>
      }
    >
      <p className="sr-only" aria-live="polite" role="status" data-testid="watch-live-announcer">
        {announcement}
      </p>
      {status === "off" && !attempts.length ? (
        <p className="text-sm text-slate-600">Ask the customer to try again, turn this on, and their attempts appear here as they happen.</p>
      ) : null}
      {watching ? (
        <p className="flex items-center gap-2 text-sm text-slate-700">
          <span className={`inline-block h-2 w-2 rounded-full ${status === "live" ? "animate-pulse bg-green-600" : "bg-amber-500"}`} aria-hidden="true" />
          {status === "live" ? "Watching for new sign-in attempts…" : "Connecting…"}
        </p>
      ) : null}
      {stoppedMessage ? (
        <div className="flex flex-wrap items-center gap-3 text-sm text-slate-700" data-testid="watch-live-stopped">
          <span>{stoppedMessage}</span>
          <Button variant="secondary" onClick={start}>
            {status === "refused" ? "Try again" : "Resume"}
          </Button>
        </div>
      ) : null}
      {attempts.length ? (
        <table className="mt-3 w-full text-left text-sm" data-testid="watch-live-attempts">
          <caption className="sr-only">Sign-in attempts received while watching, newest first</caption>
          <thead className="text-xs text-slate-500">
            <tr>
              <th scope="col" className="py-1 pr-3 font-medium">
                Time
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Channel
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Outcome
              </th>
              <th scope="col" className="py-1 pr-3 font-medium">
                Reason
              </th>
              <th scope="col" className="py-1 font-medium">
                IP
              </th>
            </tr>
          </thead>
          <tbody>
            {attempts.map((a) => (
              <tr key={a.id} className="border-t border-slate-100" data-attempt-id={a.id}>
                <td className="py-1 pr-3 whitespace-nowrap tabular-nums">{times.exact(new Date(a.occurredAt))}</td>
                <td className="py-1 pr-3">{a.channel}</td>
                <td className={`py-1 pr-3 font-medium ${a.outcome === "SUCCESS" ? "text-green-700" : "text-red-700"}`}>
                  {a.outcome === "SUCCESS" ? "Success" : "Failure"}
                </td>
                <td className="py-1 pr-3">{a.reason ? failureFragment(a.reason) : "—"}</td>
                <td className="py-1 font-mono text-xs">{a.ip}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </Card>
  );
}
