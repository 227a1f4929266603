#!/usr/bin/env bash
# Intake through the gateway in both modes, one after the other in one run on the same machine: the README's Release
# app on SQLite files, then on a PostgreSQL the AppHost starts (Debian's package), with two replicas of Cases,
# Apologies and Reporting. Each mode gets a fresh data folder, a warm-up pass and two measured passes of
# bench/Intake.Load (dossiers, concurrent clients: $1 and $2, by default 10000 and 64).
set -euo pipefail
cd "$(dirname "$0")/.."
dossiers=${1:-10000}
clients=${2:-64}

dotnet build -c Release src/AppHost -v q -nologo >/dev/null
dotnet build -c Release bench/Intake.Load -v q -nologo >/dev/null

for mode in sqlite postgres; do
  data=$(mktemp -d /tmp/tthc-bench-XXXXXX) && chmod 755 "$data"   # the PostgreSQL server runs as its own user
  Telemetry__TraceSampleRatio=0.01 dotnet run -c Release --no-build --project src/AppHost -- \
    --Database:Provider=$mode --TTHC_DATA_DIR="$data" >"$data/apphost.log" 2>&1 &
  for _ in $(seq 1 180); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' http://localhost:8088/health || true)" = 200 ] && break
    sleep 1
  done
  sleep 10 # every replica healthy, not just the first
  echo "== $mode: warm-up"
  dotnet run -c Release --no-build --project bench/Intake.Load -- "$dossiers" "$clients" | tail -n 3
  for pass in 1 2; do
    echo "== $mode: pass $pass"
    dotnet run -c Release --no-build --project bench/Intake.Load -- "$dossiers" "$clients"
  done
  pkill -TERM -f Tthc.AppHost || true
  while pgrep -f 'Tthc\.(AppHost|Cases|Apologies|Reporting|Feedback|Notifications|Gateway)|Rnwood.Smtp4dev' >/dev/null || pgrep -x postgres >/dev/null; do sleep 1; done
  rm -rf "$data"
done
