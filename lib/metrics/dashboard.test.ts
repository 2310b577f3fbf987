// The Grafana dashboard (ops/grafana/access-console.json) checked mechanically, as nobody
// opens Grafana in CI: every query names only metrics this console registers (a renamed
// metric would leave a panel silently empty), groups and filters only by labels those
// metrics have (or Prometheus' own job, instance, le), and the panels do not overlap.
// The queries' PromQL syntax is checked by promtool in `npm run test:alerts`.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { metrics, registerBacklogGauges } from "./metrics";

interface Target {
  refId: string;
  expr: string;
  datasource: { uid: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { uid: string };
  targets?: Target[];
}

const dashboard = JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../../ops/grafana/access-console.json"), "utf8")) as {
  uid: string;
  panels: Panel[];
};
const targets = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => ({ panel: p.title, ...t })));

/** Each registered metric's series names (a histogram's _bucket, _sum, _count) and labels. */
function registered(): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  // The worker's registry, the fullest: it has the backlog gauges too.
  registerBacklogGauges(metrics());
  for (const metric of metrics().registry.getMetricsAsArray()) {
    const { name, labelNames } = metric as unknown as { name: string; labelNames?: string[] };
    const labels = new Set(labelNames ?? []);
    const type = (metric as unknown as { type?: string }).type;
    if (type === "histogram") {
      series.set(`${name}_bucket`, new Set([...labels, "le"]));
      series.set(`${name}_sum`, labels);
      series.set(`${name}_count`, labels);
    } else {
      series.set(name, labels);
    }
  }
  return series;
}

describe("the Grafana dashboard", () => {
  const known = registered();

  it("has queries, each against the dashboard's Prometheus data source", () => {
    expect(targets.length).toBeGreaterThanOrEqual(16);
    for (const t of targets) expect(t.datasource.uid, t.panel).toBe("${datasource}");
  });

  it("queries only metrics the console registers", () => {
    for (const t of targets) {
      const names = t.expr.match(/\bconsole_[a-z_]+\b/g) ?? [];
      expect(names.length, `${t.panel}: no console metric`).toBeGreaterThan(0);
      for (const name of names) expect(known.has(name), `${t.panel}: ${name} is not a registered series`).toBe(true);
    }
  });

  it("groups and filters only by labels the queried metrics have", () => {
    for (const t of targets) {
      const names = t.expr.match(/\bconsole_[a-z_]+\b/g) ?? [];
      const allowed = new Set(["job", "instance", ...names.flatMap((n) => [...(known.get(n) ?? [])])]);
      const grouped = [...t.expr.matchAll(/\bby \(([^)]*)\)/g)].flatMap((m) => m[1]!.split(",").map((l) => l.trim()));
      const matched = [...t.expr.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1]!.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)].map((l) => l[1]!));
      for (const label of [...grouped, ...matched]) expect(allowed.has(label), `${t.panel}: label "${label}"`).toBe(true);
    }
  });

  it("lays its panels out on Grafana's 24-column grid without overlaps, with unique ids", () => {
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const cells = new Set<string>();
    for (const p of dashboard.panels) {
      const { x, y, w, h } = p.gridPos;
      expect(x + w, p.title).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++)
        for (let j = y; j < y + h; j++) {
          expect(cells.has(`${i},${j}`), `${p.title} overlaps another panel`).toBe(false);
          cells.add(`${i},${j}`);
        }
    }
  });
});
