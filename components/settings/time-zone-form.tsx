"use client";

import { useId, useMemo, useState, type FormEvent } from "react";
import { ActionFeedback } from "@/components/ui/action-feedback";
import { Button } from "@/components/ui/button";
import { useServerAction } from "@/components/ui/use-server-action";
import type { ServerAction } from "@/lib/actions/define-action";
import { DEFAULT_TIME_ZONE, timeFormatOrUtc } from "@/lib/time/zone-time";
import type { SetTimeZoneInput } from "@/lib/validation/preferences";

/**
 * The zone picker: a filter box over a plain listbox (a native <select size>), so arrows,
 * Home/End and typing a name's first letters work as everywhere else, and a screen reader
 * knows it. `zones` comes from the server, whose list is the one the action accepts.
 */
export function TimeZoneForm({
  current,
  zones,
  action,
}: {
  current: string;
  zones: readonly string[];
  action: ServerAction<SetTimeZoneInput, { timeZone: string }>;
}) {
  const { run, pending, failure } = useServerAction<{ timeZone: string }>();
  const [filter, setFilter] = useState("");
  const [chosen, setChosen] = useState(current);
  const [saved, setSaved] = useState<string | null>(null);
  const ids = { filter: useId(), list: useId(), preview: useId() };

  const shown = useMemo(() => {
    // "new york" finds America/New_York: words match across the underscores and slashes.
    const words = filter
      .toLowerCase()
      .split(/[\s/_]+/)
      .filter(Boolean);
    const matching = zones.filter((z) => {
      const name = z.toLowerCase().replace(/[/_]/g, " ");
      return words.every((w) => name.includes(w));
    });
    // The chosen zone stays in the list so the listbox always has its value.
    return matching.includes(chosen) ? matching : [chosen, ...matching];
  }, [filter, zones, chosen]);

  const save = (timeZone: string) => {
    setSaved(null);
    run(
      () => action({ timeZone }),
      (data) => {
        setChosen(data.timeZone);
        setSaved(`Times are now shown in ${data.timeZone}.`);
      },
    );
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save(chosen);
  };

  const fieldError = failure?.fieldErrors?.timeZone?.[0];
  const preview = timeFormatOrUtc(chosen).at(new Date());

  return (
    <form onSubmit={onSubmit} noValidate className="flex max-w-xl flex-col gap-4" aria-busy={pending} data-testid="time-zone-form">
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.filter} className="text-sm font-medium text-slate-800">
          Find a zone
        </label>
        <input
          id={ids.filter}
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          placeholder="City or region, e.g. Paris, New York, Kolkata"
          autoComplete="off"
          aria-controls={ids.list}
          className="w-full min-w-0 rounded-md border border-slate-300 px-3 py-2 text-sm text-slate-900 shadow-sm"
        />
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={ids.list} className="text-sm font-medium text-slate-800">
          Time zone
        </label>
        <select
          id={ids.list}
          name="timeZone"
          size={8}
          value={chosen}
          onChange={(e) => setChosen(e.target.value)}
          aria-describedby={fieldError ? `${ids.list}-error` : ids.preview}
          aria-invalid={fieldError ? true : undefined}
          className="w-full min-w-0 rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-900 shadow-sm"
        >
          {shown.map((z) => (
            <option key={z} value={z}>
              {z === DEFAULT_TIME_ZONE ? "UTC (default)" : z}
            </option>
          ))}
        </select>
        {fieldError ? (
          <p id={`${ids.list}-error`} className="text-sm text-red-700">
            {fieldError}
          </p>
        ) : (
          <p id={ids.preview} className="text-sm text-slate-600">
            Now in {chosen}: {/* The server's minute and the browser's may differ by one at hydration. */}
            <span className="tabular-nums" suppressHydrationWarning>
              {preview}
            </span>
          </p>
        )}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={pending} data-testid="save-time-zone">
          {pending ? "Saving…" : "Save time zone"}
        </Button>
        <Button
          type="button"
          variant="secondary"
          disabled={pending || (current === DEFAULT_TIME_ZONE && chosen === DEFAULT_TIME_ZONE)}
          onClick={() => save(DEFAULT_TIME_ZONE)}
        >
          Reset to UTC
        </Button>
      </div>
      <ActionFeedback failure={failure} success={saved} />
    </form>
  );
}
