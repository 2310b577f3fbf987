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
