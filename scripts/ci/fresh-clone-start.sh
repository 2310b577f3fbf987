#!/usr/bin/env bash
# The README's first command, proved on a fresh clone: `npm ci && npm start` with no
# other step and no configuration but a free PORT, then a demo agent signs in over HTTP,
# the console is stopped with SIGINT sent to the `npm start` process (npm forwards it to
# the launcher), and it must exit 0, release its lock and leave nothing running.
#
#   scripts/ci/fresh-clone-start.sh [commit]     default HEAD (uncommitted changes are not
#                                                 part of the clone)
#   scripts/ci/fresh-clone-start.sh --in-place   this checkout, which must be pristine: no
#                                                 untracked or ignored file at all (no
#                                                 node_modules, no build, no data), as CI's
#                                                 clean clone is. It is left installed, built
#                                                 and seeded, so CI's `npm test` after it
#                                                 reuses the build instead of making another.
# Environment: FRESH_CLONE_PORT (default 3290), FRESH_CLONE_TIMEOUT (seconds to wait for
# the first start, which builds and seeds; default 300), KEEP_FRESH_CLONE=1 keeps the folder.
set -euo pipefail

repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
in_place=""
if [ "${1:-}" = --in-place ]; then
  in_place=1
  leftovers=$(git -C "$repo" status --porcelain --ignored | head -n 5)
  if [ -n "$leftovers" ]; then
    printf '[fresh-clone] --in-place needs a pristine checkout; found:\n%s\n' "$leftovers" >&2
    exit 2
  fi
fi
rev=${1:-HEAD}
[ -z "$in_place" ] || rev=HEAD
commit=$(git -C "$repo" rev-parse --verify "$rev^{commit}")
port=${FRESH_CLONE_PORT:-3290}
timeout=${FRESH_CLONE_TIMEOUT:-300}
base="http://127.0.0.1:$port"
work=$(mktemp -d)
clone="$work/console"
[ -z "$in_place" ] || clone="$repo"
started=$(date +%s)
npm_pid=""

say() { printf '[fresh-clone %3ss] %s\n' "$(($(date +%s) - started))" "$*"; }
fail() {
  say "FAILED: $*"
  if [ -f "$work/start.log" ]; then
    echo "---- last lines of npm start's output"
    tail -n 60 "$work/start.log"
  fi
  exit 1
}
# Everything npm start spawned shares its process group (job control below).
group_alive() { [ -n "$npm_pid" ] && kill -0 -- "-$npm_pid" 2>/dev/null; }
listening_on_port() { ss -Htln "sport = :$port" | grep -q .; }
cleanup() {
  if group_alive; then kill -KILL -- "-$npm_pid" 2>/dev/null || true; fi
  if [ "${KEEP_FRESH_CLONE:-}" = 1 ]; then say "kept $work"; else rm -rf "$work"; fi
  # In place, the checkout keeps what npm ci and npm start made (that is the point).
}
trap cleanup EXIT

if listening_on_port; then fail "port $port is already in use: set FRESH_CLONE_PORT"; fi

if [ -n "$in_place" ]; then
  say "using this pristine checkout ($commit) in place"
else
  say "cloning $commit into $clone"
  git clone --quiet --no-hardlinks "$repo" "$clone"
  git -C "$clone" checkout --quiet --detach "$commit"
fi
cd "$clone"

# Nothing of this machine's console configuration may leak into the fresh clone.
for name in DATABASE_URL AUTH_SECRET AUTH_URL AUTH_TRUST_HOST HOST NODE_ENV CONSOLE_DATA_DIR \
  SMTP_URL OUTBOX_SECRET TRUSTED_PROXY_HOPS TEST_DATABASE_URL SESSION_MAX_AGE_HOURS; do
  unset "$name"
done

say "npm ci"
npm ci > "$work/npm-ci.log" 2>&1 || { tail -n 40 "$work/npm-ci.log"; fail "npm ci"; }

say "npm start (PORT=$port)"
# Job control puts npm start in a process group of its own, so that a failure can stop
# all of it, and so that it does not inherit an ignored SIGINT as background jobs do.
set -m
PORT=$port npm start > "$work/start.log" 2>&1 &
npm_pid=$!
set +m

deadline=$(($(date +%s) + timeout))
until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/sign-in")" = 200 ]; do
  kill -0 "$npm_pid" 2>/dev/null || fail "npm start exited before the console answered"
  [ "$(date +%s)" -lt "$deadline" ] || fail "/sign-in did not answer 200 within ${timeout}s"
  sleep 2
done
say "/sign-in answers 200"

jar="$work/cookies"
csrf=$(curl -sf -c "$jar" -b "$jar" "$base/api/auth/csrf" | sed -nE 's/.*"csrfToken":"([^"]+)".*/\1/p')
[ -n "$csrf" ] || fail "no CSRF token from /api/auth/csrf"
location=$(curl -s -o /dev/null -w '%{http_code} %{redirect_url}' -c "$jar" -b "$jar" \
  --data-urlencode "csrfToken=$csrf" --data-urlencode "email=agent@console.example" \
  --data-urlencode "password=demo-agent-password" "$base/api/auth/callback/credentials")
case "$location" in
  302\ *error=*) fail "sign-in refused: $location" ;;
  302\ *) ;;
  *) fail "sign-in answered $location" ;;
esac
page="$work/console.html"
status=$(curl -s -o "$page" -w '%{http_code}' -b "$jar" "$base/")
[ "$status" = 200 ] || fail "GET / as the demo agent answered $status"
grep -q 'data-testid="signed-in-as"' "$page" || fail "GET / did not show the console (signed-in-as missing)"
grep -q 'Find a customer' "$page" || fail "GET / did not show the search page"
say "signed in as the demo agent; / shows the console"

say "SIGINT to npm start (pid $npm_pid)"
kill -INT "$npm_pid"
stop_deadline=$(($(date +%s) + 60))
while kill -0 "$npm_pid" 2>/dev/null; do
  [ "$(date +%s)" -lt "$stop_deadline" ] || fail "npm start still running 60s after SIGINT"
  sleep 1
done
set +e
wait "$npm_pid"
code=$?
set -e
[ "$code" = 0 ] || fail "npm start exited with $code after SIGINT (expected 0)"
[ ! -e .data/console.lock ] || fail "the data folder's lock .data/console.lock was left behind"
[ ! -e .data/run/.s.PGSQL.5432 ] || fail "the embedded database's socket was left behind"
# A process that has exited but not yet been reaped (a zombie, e.g. a build's esbuild
# whose parent exited first) is not "left running": wait up to 10 s for the live ones.
live_in_group() {
  local p state
  for p in $(pgrep -g "$npm_pid" 2>/dev/null); do
    state=$(ps -o stat= -p "$p" 2>/dev/null || true)
    case "$state" in Z* | "") ;; *) return 0 ;; esac
  done
  return 1
}
group_deadline=$(($(date +%s) + 10))
while live_in_group; do
  if [ "$(date +%s)" -ge "$group_deadline" ]; then
    pgrep -a -g "$npm_pid" || true
    fail "processes of npm start are still running"
  fi
  sleep 1
done
if listening_on_port; then fail "something still listens on port $port"; fi
say "stopped cleanly: exit 0, lock released, no process left, port $port free"
say "passed in $(($(date +%s) - started))s"
