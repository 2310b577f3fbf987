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
import { Cell, Table, type Column } from "@/components/ui/table";
import type { LiveAttempt } from "@/lib/model/live";
import { timeFormatOrUtc } from "@/lib/time/zone-time";
import { openLiveStream, type LiveEvent } from "./live-stream";
import { failureFragment } from "@/lib/model/login-failures";

type Status = "off" | "connecting" | "live" | "hidden" | "expired" | "failed" | "refused" | "ended";

const MAX_SHOWN = 50;
/** The strip beside the verdict stays a few rows high (issue #21 item 6); the rest fold. */
const STRIP_ROWS = 5;
/** Several attempts in a burst cause one refresh of the diagnosis, not one each. */
const REFRESH_DEBOUNCE_MS = 300;

const STOPPED: Partial<Record<Status, string>> = {
  hidden: "Watch live stopped because this tab was hidden.",
  expired: "Watch live stopped after 5 minutes.",
  failed: "Watch live could not connect.",
  ended: "Watch live stopped: you no longer have access to this page (signed out, disabled or role changed). Reload the page.",
};

const COLUMNS = {
  time: { label: "Time" },
  attempt: { label: "Attempt" },
  username: { label: "Username tried" },
  ip: { label: "IP" },
} satisfies Record<string, Column>;

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
  const row = (a: LiveAttempt) => (
    <tr key={a.id} className="border-t border-slate-100" data-attempt-id={a.id}>
      <Cell column={COLUMNS.time} className="py-1 pr-3 whitespace-nowrap tabular-nums">
        {times.exact(new Date(a.occurredAt))}
      </Cell>
      <Cell column={COLUMNS.attempt} className={`py-1 pr-3 ${a.outcome === "SUCCESS" ? "text-green-700" : "text-red-700"}`}>
        {a.channel} {a.outcome === "SUCCESS" ? "success" : `failure: ${a.reason ? failureFragment(a.reason) : "no reason given"}`}
      </Cell>
      <Cell column={COLUMNS.username} className="py-1 pr-3 break-all">
        {a.usernameTried ?? "—"}
      </Cell>
      <Cell column={COLUMNS.ip} className="py-1 font-mono text-xs">
        {a.ip}
      </Cell>
    </tr>
  );
  // A strip that scrolls sideways in its own box: it is never a stack of cards.
  const table = { columns: Object.values(COLUMNS), stack: "none", head: "caps", pad: "py-1 pr-3", children: row } as const;
  // Beside the verdict, where the agent looks while the customer retries (issue #21 item 6).
  return (
    <section className="flex w-full flex-col gap-2 text-sm" aria-label="Watch live" data-testid="watch-live">
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          aria-pressed={watching}
          onClick={() => (watching ? close("off") : start())}
          data-ready={hydrated ? "true" : undefined}
          data-testid="watch-live-toggle"
        >
          {watching ? "Stop watching" : "Watch live"}
        </Button>
        {status === "off" && !attempts.length ? <span className="text-slate-600">Ask the customer to try again and watch their attempts here.</span> : null}
        {watching ? (
          <span className="flex items-center gap-2 text-slate-700">
            <span className={`inline-block h-2 w-2 rounded-full ${status === "live" ? "animate-pulse bg-green-600" : "bg-amber-500"}`} aria-hidden="true" />
            {status === "live" ? "Watching for new sign-in attempts…" : "Connecting…"}
          </span>
        ) : null}
        {stoppedMessage ? (
          <span className="flex flex-wrap items-center gap-3 text-slate-700" data-testid="watch-live-stopped">
            <span>{stoppedMessage}</span>
            <Button variant="secondary" onClick={start}>
              {status === "refused" ? "Try again" : "Resume"}
            </Button>
          </span>
        ) : null}
      </div>
      <p className="sr-only" aria-live="polite" role="status" data-testid="watch-live-announcer">
        {announcement}
      </p>
      {attempts.length ? (
        <div className="max-w-full overflow-x-auto">
          <Table
            {...table}
            caption="Sign-in attempts received while watching, newest first"
            rows={attempts.slice(0, STRIP_ROWS)}
            testId="watch-live-attempts"
          />
          {attempts.length > STRIP_ROWS ? (
            <details>
              <summary className="cursor-pointer py-0.5 text-blue-800">{attempts.length - STRIP_ROWS} earlier attempts while watching</summary>
              <Table {...table} caption="Earlier sign-in attempts received while watching" rows={attempts.slice(STRIP_ROWS)} />
            </details>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}
