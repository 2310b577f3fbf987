// The HTTP side of the console's CSV exports, shared by every export route.

/** 400 with the first bad field in plain text: the export button shows it as is. */
export function invalidFilterResponse(errors: Record<string, string>): Response {
  const [field, message] = Object.entries(errors)[0] ?? ["filter", "invalid"];
  return new Response(`Invalid filter (${field}): ${message}`, {
    status: 400,
    headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" },
  });
}

/** A streamed CSV download named `<name>-<date>.csv`, with the row count it expects. */
export function csvResponse(stream: ReadableStream<Uint8Array>, options: { name: string; date: Date; total: number }): Response {
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${options.name}-${options.date.toISOString().slice(0, 10)}.csv"`,
      "Cache-Control": "no-store",
      "X-Export-Total": String(options.total),
      // Some proxies buffer whole responses unless told not to; the progress needs chunks.
      "X-Accel-Buffering": "no",
    },
  });
}
