#!/usr/bin/env bash
# Runs the third-party SCIM conformance suites (../shared/conformance, next to the repository)
# against a server started here on a fresh SQLite file, one empty workspace per suite: the
# Microsoft collection asserts exact counts on an empty tenant, and Okta's test leaves users behind.
#
#   scripts/conformance.sh              both suites
#   scripts/conformance.sh okta         Okta SCIM 2.0 SPEC test only
#   scripts/conformance.sh microsoft    Microsoft SCIMReferenceCode Postman collection only
#
# Environment: CONFORMANCE_DIR (default <repo>/../shared/conformance), PORT (default: a free
# one), KEEP=1 keeps the temporary folder (database and server log), VERBOSE=1 is passed on to
# the Okta runner. Builds first when build/ is missing or older than a source file.
# Last line: "conformance: N passed, M failed"; exits 0 only when M is 0.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
suites_dir="${CONFORMANCE_DIR:-$root/../shared/conformance}"
which="${1:-all}"
case "$which" in
  all) suites=(okta microsoft) ;;
  okta|microsoft) suites=("$which") ;;
  *) echo "usage: $0 [all|okta|microsoft]" >&2; exit 2 ;;
esac
for s in run-okta-spec.sh run-microsoft-postman.sh; do
  [ -f "$suites_dir/$s" ] || { echo "conformance: $suites_dir/$s not found (set CONFORMANCE_DIR)" >&2; exit 2; }
done

if [ ! -f build/gateway/main.js ] || [ -n "$(find cli db gateway graph -name '*.ts' -newer build/gateway/main.js -print -quit)" ]; then
  echo "conformance: building" >&2
  npx tsc -p tsconfig.json
fi

work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 75); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.2; done
    if kill -0 "$server_pid" 2>/dev/null; then
      echo "conformance: the server did not stop within 15 s of SIGTERM; killing it" >&2
      kill -KILL "$server_pid" 2>/dev/null || true
    fi
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${KEEP:-0}" = 1 ]; then echo "conformance: kept $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

export DATABASE_URL="sqlite:$work/conf.db"
export LOG_LEVEL="${LOG_LEVEL:-info}"
unset NODE_ENV PUBLIC_BASE_URL

# Tokens first: the CLI migrates the fresh database, so the server starts on a migrated one.
declare -A tokens
for s in "${suites[@]}"; do
  tokens[$s]="$(node build/cli/avanoo.js token create --workspace "conformance-$s" --label conformance)"
done

port="${PORT:-$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')}"
HOST=127.0.0.1 PORT="$port" node build/gateway/main.js >"$work/server.log" 2>&1 &
server_pid=$!

base="http://127.0.0.1:$port"
for _ in $(seq 1 100); do
  if curl -fsS -o /dev/null "$base/healthz" 2>/dev/null; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then
    echo "conformance: the server exited during start-up:" >&2; cat "$work/server.log" >&2
    echo "conformance: 0 passed, 1 failed"; exit 1
  fi
  sleep 0.2
done
curl -fsS -o /dev/null "$base/healthz" || { echo "conformance: no /healthz answer at $base after 20 s" >&2; echo "conformance: 0 passed, 1 failed"; exit 1; }
echo "conformance: server at $base (pid $server_pid), database $work/conf.db" >&2

export NEWMAN="${NEWMAN:-$root/node_modules/.bin/newman}"
deviations="$root/scripts/conformance-deviations.txt"
total_pass=0 total_fail=0 total_deviations=0 status=0
for s in "${suites[@]}"; do
  runner="$suites_dir/run-okta-spec.sh"
  [ "$s" = microsoft ] && runner="$suites_dir/run-microsoft-postman.sh"
  echo "=== conformance: $s ==="
  rc=0
  BASE_URL="$base/scim" TOKEN="${tokens[$s]}" bash "$runner" 2>&1 | tee "$work/$s.out" || rc=$?
  # Each runner's last line is "N passed, M failed"; its FAIL lines name the assertions.
  if summary="$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$work/$s.out" | tail -n 1)" && [ -n "$summary" ]; then
    read -r p _ f _ <<<"$summary"
    # "FAIL <request>: <assertion>: <message>" → "<suite>: <request>: <assertion>"
    sed -n 's/^FAIL //p' "$work/$s.out" | awk -v s="$s" -F': ' '{ print s ": " $1 ": " $2 }' | sort -u >"$work/$s.failed"
    grep -E "^$s: " "$deviations" | sort -u >"$work/$s.expected" || true
    unexpected="$(comm -23 "$work/$s.failed" "$work/$s.expected")"
    fixed="$(comm -13 "$work/$s.failed" "$work/$s.expected")"
    documented="$(comm -12 "$work/$s.failed" "$work/$s.expected" | grep -c . || true)"
    if [ -n "$fixed" ]; then echo "conformance: listed deviations that now pass (remove them from scripts/conformance-deviations.txt):"; echo "$fixed" | sed 's/^/  /'; fi
    if [ -n "$unexpected" ]; then echo "conformance: UNEXPECTED failures:"; echo "$unexpected" | sed 's/^/  /'; status=1; fi
    [ "$rc" = 0 ] || [ -n "$unexpected" ] || [ "$((f - documented))" -le 0 ] || status=1
    total_pass=$((total_pass + p)); total_fail=$((total_fail + f - documented)); total_deviations=$((total_deviations + documented))
  else
    total_fail=$((total_fail + 1)); status=1
  fi
done

if [ "$status" != 0 ]; then
  # Server-side errors behind the failures (warn and above), if any.
  if grep -E '"level":(40|50|60)' "$work/server.log" >"$work/errors.log"; then
    echo "--- server warnings and errors (last 40) ---"; tail -n 40 "$work/errors.log"
  fi
fi
echo "conformance: $total_deviations assertions failed as documented deviations (README, Compliance; scripts/conformance-deviations.txt)"
echo "conformance: $total_pass passed, $total_fail failed"
exit "$status"
