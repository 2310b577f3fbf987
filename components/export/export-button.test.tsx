// The export button's download state machine: progress, a finished file, cancel, an
// ended session, a refused filter and a connection that breaks. fetch is the browser's
// boundary here, so the tests hand it the responses an export route can give.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ExportButton } from "./export-button";

const encoder = new TextEncoder();

/** A streamed body whose chunks are released one by one by the test. */
function controlledBody() {
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  const stream = new ReadableStream<Uint8Array>({ start: (c) => (controller = c) });
  return {
    stream,
    push: (text: string) => controller.enqueue(encoder.encode(text)),
    end: () => controller.close(),
    fail: () => controller.error(new Error("connection reset")),
  };
}

function csvResponse(body: ReadableStream<Uint8Array>, total: number | null = null): Response {
  const headers = new Headers({ "content-type": "text/csv; charset=utf-8", "content-disposition": 'attachment; filename="audit-log-2026-11-30.csv"' });
  if (total !== null) headers.set("X-Export-Total", String(total));
  return new Response(body, { headers });
}

const flush = () => act(async () => new Promise((resolve) => setTimeout(resolve, 0)));
const status = () => screen.getByRole("status");

let saved: { name: string; href: string }[];

beforeEach(() => {
  saved = [];
  vi.spyOn(URL, "createObjectURL").mockReturnValue("blob:export");
  vi.spyOn(URL, "revokeObjectURL").mockImplementation(() => {});
  vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (this: HTMLAnchorElement) {
    saved.push({ name: this.download, href: this.href });
  });
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("ExportButton", () => {
  it("shows the rows as they arrive against the expected total, then saves the whole file once", async () => {
    const body = controlledBody();
    const fetchMock = vi.fn(() => Promise.resolve(csvResponse(body.stream, 3)));
    vi.stubGlobal("fetch", fetchMock);
    render(<ExportButton href="/audit/log/export?outcome=DONE" fileName="fallback.csv" />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await flush();
    expect(fetchMock).toHaveBeenCalledWith("/audit/log/export?outcome=DONE", expect.objectContaining({ cache: "no-store" }));
    body.push("id,action\r\n1,a\r\n");
    await flush();
    expect(screen.getByTestId("export-progress").textContent).toBe("1 of 3 rows exported…");
    expect(screen.getByRole("progressbar", { name: "Export progress" }).getAttribute("max")).toBe("3");
    expect(saved).toEqual([]);
    body.push('2,"multi\r\nline"\r\n3,c\r\n');
    body.end();
    await flush();
    expect(status().textContent).toBe("Export finished: 3 rows saved to audit-log-2026-11-30.csv.");
    expect(saved).toEqual([{ name: "audit-log-2026-11-30.csv", href: "blob:export" }]);
  });

  it("cancels a running export, aborting the request, and saves nothing", async () => {
    const body = controlledBody();
    let signal: AbortSignal | undefined;
    vi.stubGlobal(
      "fetch",
      vi.fn((_url: string, init?: RequestInit) => {
        signal = init?.signal ?? undefined;
        signal?.addEventListener("abort", () => body.fail());
        return Promise.resolve(csvResponse(body.stream));
      }),
    );
    render(<ExportButton href="/x" fileName="x.csv" />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await flush();
    body.push("h\r\n1\r\n2\r\n");
    await flush();
    expect(screen.getByTestId("export-progress").textContent).toBe("2 rows exported…");
    fireEvent.click(screen.getByRole("button", { name: "Cancel export" }));
    await flush();
    expect(signal?.aborted).toBe(true);
    expect(status().textContent).toBe("Export cancelled after 2 rows. Nothing was saved.");
    expect(saved).toEqual([]);
    expect(screen.queryByRole("button", { name: "Cancel export" })).toBeNull();
  });

  it("says the session ended when the export was redirected to the sign-in page, instead of saving that page", async () => {
    const page = new Response("<html>sign in</html>", { headers: { "content-type": "text/html" } });
    Object.defineProperty(page, "redirected", { value: true });
    Object.defineProperty(page, "url", { value: "http://console.test/sign-in?callbackUrl=%2Faudit%2Flog" });
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(page)),
    );
    render(<ExportButton href="/x" fileName="x.csv" />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await flush();
    expect(status().textContent).toBe("Your session has ended. Sign in again, then export.");
    expect(saved).toEqual([]);
  });

  it("shows a refused filter's own message", async () => {
    const refused = new Response("Invalid filter (from): From: that date does not exist.", {
      status: 400,
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(refused)),
    );
    render(<ExportButton href="/x" fileName="x.csv" />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await flush();
    expect(status().textContent).toBe("Invalid filter (from): From: that date does not exist.");
  });

  it("says how far it got when the connection breaks, and saves no short file", async () => {
    const body = controlledBody();
    vi.stubGlobal(
      "fetch",
      vi.fn(() => Promise.resolve(csvResponse(body.stream, 10))),
    );
    vi.spyOn(console, "error").mockImplementation(() => {});
    render(<ExportButton href="/x" fileName="x.csv" />);
    fireEvent.click(screen.getByRole("button", { name: "Export CSV" }));
    await flush();
    body.push("h\r\n1\r\n2\r\n3\r\n");
    await flush();
    body.fail();
    await flush();
    expect(status().textContent).toBe("The export stopped after 3 rows (the connection broke or the server failed). Nothing was saved. Try again.");
    expect(saved).toEqual([]);
    // And it can be started again.
    expect(screen.getByRole<HTMLButtonElement>("button", { name: "Export CSV" }).disabled).toBe(false);
  });
});
