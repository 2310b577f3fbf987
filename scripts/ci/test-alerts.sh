#!/usr/bin/env bash
# npm run test:alerts: the alert rules parse (promtool check rules) and each alert fires on
# the situation it is for (promtool test rules, ops/prometheus/alerts.test.yml). promtool
# comes with Debian's prometheus package, which .ci/run installs; elsewhere, without it,
# this says so and skips (CI fails instead).
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v promtool >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "promtool not found: .ci/run installs Debian's prometheus package" >&2
    exit 1
  fi
  echo "test:alerts skipped: promtool not found (apt-get install prometheus)"
  exit 0
fi
promtool check rules ops/prometheus/alerts.yml
promtool test rules ops/prometheus/alerts.test.yml
# The Grafana dashboard's queries (ops/grafana/access-console.json) parse as PromQL: each
# becomes a recording rule in a throwaway rules file that promtool checks. Grafana's own
# $__rate_interval is given a value first. Which metrics and labels they name is checked
# by lib/metrics/dashboard.test.ts.
rules=$(mktemp --suffix=.yml)
trap 'rm -f "$rules"' EXIT
node -e '
const d = JSON.parse(require("fs").readFileSync("ops/grafana/access-console.json", "utf8"));
const exprs = d.panels.flatMap((p) => (p.targets || []).map((t) => t.expr.replaceAll("$__rate_interval", "5m")));
const rules = exprs.map((e, i) => ({ record: "dashboard:query_" + i, expr: e }));
process.stdout.write(JSON.stringify({ groups: [{ name: "dashboard", rules }] }));
' > "$rules"
promtool check rules "$rules"
