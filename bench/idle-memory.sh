#!/usr/bin/env bash
# Each Tthc process's resident memory at idle, after a Release start and after a restart.
#
# Starts the README's Release app on a fresh data folder, waits until the gateway answers and then `settle` seconds
# more, and prints each process's resident (RSS) and proportional (PSS) size from /proc/<pid>/smaps_rollup and its GC
# heap's committed size (`dotnet-counters`, when installed). Then stops the app, starts it again on the same data and
# measures again: the first start creates and migrates every database, a restart (the usual case) finds them current.
# Needs port 8088 free. With an environment (Production), every process runs in it instead of the projects'
# Development launch profiles (AppHost setting ServicesEnvironment): what a deployed process holds. With minutes to
# follow, the restarted processes are then read every 30 s for that long, and each one's least and most RSS printed:
# an idle service still allocates a little, and what the minute after the start shows must hold while it idles on.
#
#   bench/idle-memory.sh [settle-seconds] [environment] [follow-minutes]     # default 60, Development, 0
set -euo pipefail
cd "$(dirname "$0")/.."
settle=${1:-60}
environment=${2:-}
follow_minutes=${3:-0}
gateway=http://127.0.0.1:8088
counters=$(command -v dotnet-counters || echo "$HOME/.dotnet/tools/dotnet-counters")

if curl -sf -o /dev/null "$gateway/health"; then
  echo "An app is already running on :8088; stop it first." >&2
  exit 2
fi

work=$(mktemp -d /tmp/tthc-idle-memory-XXXXXX)
runner=""
stop_app() {
  if [ -n "$runner" ]; then
    # Only the app this script started: its AppHost (the child of `dotnet run`), which stops its resources.
    local apphost
    apphost=$(pgrep -P "$runner" -f Tthc.AppHost || true)
    [ -n "$apphost" ] && { kill -TERM "$apphost" 2>/dev/null || true; }
    for _ in $(seq 1 60); do kill -0 "$runner" 2>/dev/null || break; sleep 1; done
    runner=""
    # The AppHost may exit before the processes it started: wait until none holds on.
    for _ in $(seq 1 60); do
      pgrep -f 'Tthc\.(Cases|Apologies|Reporting|Feedback|Notifications|Web|Gateway)( |$)' >/dev/null || break
      sleep 1
    done
  fi
}
# The log stays when something failed: the messages point to it.
trap 'rc=$?; stop_app; [ "$rc" = 0 ] && rm -rf "$work" || echo "kept $work" >&2' EXIT

start_app() {
  dotnet run -c Release --no-build --project src/AppHost -- --TTHC_DATA_DIR="$work/data" \
    ${environment:+--ServicesEnvironment="$environment"} >>"$work/apphost.log" 2>&1 &
  runner=$!
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "$gateway/health" && return 0
    sleep 1
  done
  echo "The app did not answer on :8088 within 4 minutes; see $work/apphost.log" >&2
  exit 1
}

measure() {
  echo "== $1: idle for ${settle} s${environment:+ ($environment)}"
  sleep "$settle"
  printf '%-14s %8s %8s %8s\n' process "RSS MiB" "PSS MiB" "GC MiB"
  for name in Cases Apologies Reporting Feedback Notifications Web Gateway; do
    local pid rss pss gc="-"
    pid=$(pgrep -f "Tthc\.$name( |$)" | head -1 || true)
    [ -z "$pid" ] && { printf '%-14s %8s\n' "$name" "-"; continue; }
    rss=$(awk '/^Rss:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo "-")
    pss=$(awk '/^Pss:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/smaps_rollup" 2>/dev/null || echo "-")
    if [ -x "$counters" ]; then
      rm -f "$work/counters.csv"
      timeout 20 "$counters" collect -p "$pid" --counters System.Runtime --format csv -o "$work/counters.csv" \
        --duration 00:00:03 >/dev/null 2>&1 || true
      [ -f "$work/counters.csv" ] && gc=$(awk -F, '$3 ~ /memory.committed_size/ { v = $NF } END { if (v != "") printf "%.0f", v / 1048576; else print "-" }' "$work/counters.csv")
    fi
    printf '%-14s %8s %8s %8s\n' "$name" "$rss" "$pss" "$gc"
  done
}

follow() {
  [ "$follow_minutes" -gt 0 ] || return 0
  echo "== the same processes every 30 s for $follow_minutes minutes: RSS MiB, least and most"
  local -A least most
  local name pid rss
  for _ in $(seq 1 $((follow_minutes * 2))); do
    sleep 30
    for name in Cases Apologies Reporting Feedback Notifications Web Gateway; do
      pid=$(pgrep -f "Tthc\.$name( |$)" | head -1 || true)
      [ -z "$pid" ] && continue
      rss=$(awk '/^Rss:/ { printf "%.0f", $2 / 1024 }' "/proc/$pid/smaps_rollup" 2>/dev/null || true)
      [ -z "$rss" ] && continue
      [ -z "${least[$name]:-}" ] || [ "$rss" -lt "${least[$name]}" ] && least[$name]=$rss
      [ -z "${most[$name]:-}" ] || [ "$rss" -gt "${most[$name]}" ] && most[$name]=$rss
    done
  done
  printf '%-14s %8s %8s\n' process least most
  for name in Cases Apologies Reporting Feedback Notifications Web Gateway; do
    printf '%-14s %8s %8s\n' "$name" "${least[$name]:--}" "${most[$name]:--}"
  done
}

echo "== building the Release app"
dotnet build -c Release src/AppHost -v q -nologo >/dev/null
mkdir "$work/data"
start_app
measure "first start (every database created and migrated)"
stop_app
start_app
measure "restart on the same data"
follow
