// The console's table: named for screen readers, its head from the columns, each cell
// naming its column for the phone layout (one card per row, the label above each value),
// and an empty state instead of a head over nothing.
import { cleanup, render, screen, within } from "@testing-library/react";
import { useTable, type ColumnDef } from "@tanstack/react-table";
import { afterEach, describe, expect, it } from "vitest";
import { Cell, Table, type Column } from "./table";
import { consoleTableFeatures, TanstackTable } from "./tanstack-table";

afterEach(cleanup);

type Source = { name: string; token: string; events: number };
const SOURCES: Source[] = [
  { name: "billing", token: "src_ab12", events: 3 },
  { name: "signups", token: "src_cd34", events: 0 },
];
const COLUMNS = {
  name: { label: "Source" },
  token: { label: "Token" },
  events: { label: "Events" },
  controls: { label: "Controls", labelHidden: true },
} satisfies Record<string, Column>;

const EMPTY = { title: "No sources yet", children: "Create one below." };

function SourcesTable({ sources }: { sources: Source[] }) {
  return (
    <Table caption="Platform sources" columns={Object.values(COLUMNS)} rows={sources} empty={EMPTY} stack="wide" sticky testId="sources">
      {(s) => (
        <tr key={s.name} data-testid="source-row">
          <Cell column={COLUMNS.name} rowHeader>
            {s.name}
          </Cell>
          <Cell column={COLUMNS.token}>{s.token}</Cell>
          <Cell column={COLUMNS.events}>{s.events}</Cell>
          <Cell column={COLUMNS.controls} wide>
            <button type="button">Rotate</button>
          </Cell>
        </tr>
      )}
    </Table>
  );
}

describe("Table", () => {
  it("is named by its caption, read by screen readers only unless asked", () => {
    render(<SourcesTable sources={SOURCES} />);
    const table = screen.getByRole("table", { name: "Platform sources" });
    expect(table.querySelector("caption")?.className).toBe("sr-only");
    cleanup();
    render(
      <Table caption="Invoices" captionVisible columns={[{ label: "Month" }]} rows={["2026-11"]} stack="narrow">
        {(month) => (
          <tr key={month}>
            <Cell column={{ label: "Month" }}>{month}</Cell>
          </tr>
        )}
      </Table>,
    );
    expect(screen.getByRole("table", { name: "Invoices" }).querySelector("caption")?.className).not.toContain("sr-only");
  });

  it("heads the columns with their labels in order, a controls column for screen readers only", () => {
    render(<SourcesTable sources={SOURCES} />);
    const headers = screen.getAllByRole("columnheader");
    expect(headers.map((h) => h.textContent)).toEqual(["Source", "Token", "Events", "Controls"]);
    expect(within(headers[3] as HTMLElement).getByText("Controls").className).toBe("sr-only");
    // The stacking and sticky head the phone layout and long lists rely on.
    expect(screen.getByTestId("sources").className).toContain("stacked-table-wide");
    expect(screen.getByTestId("sources").parentElement?.className).toContain("@container");
    expect(screen.getByTestId("sources").querySelector("thead")?.className).toContain("sticky");
  });

  it("labels each cell with its column for the stacked layout; the row's name and its controls go unlabelled", () => {
    render(<SourcesTable sources={SOURCES} />);
    const rows = screen.getAllByTestId("source-row");
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      const cells = Array.from(row.children);
      expect(cells.map((c) => c.getAttribute("data-label"))).toEqual([null, "Token", "Events", null]);
      expect(cells[0]?.tagName).toBe("TH");
      expect(cells[0]?.getAttribute("scope")).toBe("row");
      expect(cells[3]?.hasAttribute("data-wide")).toBe(true);
    }
    expect(
      within(rows[1] as HTMLElement)
        .getByRole("cell", { name: "src_cd34" })
        .getAttribute("data-label"),
    ).toBe("Token");
  });

  it("shows the empty state instead of a table when there are no rows", () => {
    render(<SourcesTable sources={[]} />);
    expect(screen.queryByRole("table")).toBeNull();
    expect(screen.getByText("No sources yet")).toBeTruthy();
    expect(screen.getByText("Create one below.")).toBeTruthy();
  });

  it("says a short empty list in one line when asked to be compact", () => {
    render(
      <Table caption="API keys" columns={[{ label: "Key" }]} rows={[]} empty={{ title: "No API keys.", compact: true }} stack="narrow">
        {() => null}
      </Table>,
    );
    expect(screen.getByText("No API keys.").tagName).toBe("P");
  });
});

type Teammate = { id: number; username: string; level: string };
const columns: ColumnDef<typeof consoleTableFeatures, Teammate>[] = [
  { id: "username", accessorFn: (r) => r.username, header: "Teammate", enableSorting: true, cell: ({ row }) => row.original.username },
  { id: "level", header: "Level", enableSorting: false, cell: ({ row }) => row.original.level },
];

function Teammates({ dir }: { dir: "asc" | "desc" }) {
  const table = useTable({
    features: consoleTableFeatures,
    columns,
    data: [
      { id: 1, username: "ada", level: "Owner" },
      { id: 2, username: "bob", level: "Admin" },
    ],
    manualSorting: true,
    state: { sorting: [{ id: "username", desc: dir === "desc" }] },
  });
  return <TanstackTable table={table} sortHref={(id, next) => `?sort=${id}&dir=${next}`} caption="Teammates" stack="wide" rowTestId="teammate" />;
}

describe("TanstackTable", () => {
  it("marks the sorted column, links its header to the other order and labels each cell", () => {
    render(<Teammates dir="asc" />);
    const [username, level] = screen.getAllByRole("columnheader");
    expect(username?.getAttribute("aria-sort")).toBe("ascending");
    expect(level?.hasAttribute("aria-sort")).toBe(false);
    expect(screen.getByTestId("sort-username").getAttribute("href")).toBe("?sort=username&dir=desc");
    expect(screen.queryByTestId("sort-level")).toBeNull();
    for (const row of screen.getAllByTestId("teammate")) {
      expect(Array.from(row.children).map((c) => c.getAttribute("data-label"))).toEqual(["Teammate", "Level"]);
    }
    cleanup();
    render(<Teammates dir="desc" />);
    expect(screen.getAllByRole("columnheader")[0]?.getAttribute("aria-sort")).toBe("descending");
    expect(screen.getByTestId("sort-username").getAttribute("href")).toBe("?sort=username&dir=asc");
  });
});
